import { SetMetadata } from '@nestjs/common';
import type { Permission } from './permissions.js';

export const PERMISSION_KEY = 'prst:permission';
export const PUBLIC_PERMISSION = 'public';

/** Declares the permission a route needs (see PERMISSIONS). */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/** Declares a route open to anyone, signed in or not (health, login). */
export const Public = () => SetMetadata(PERMISSION_KEY, PUBLIC_PERMISSION);
