import { SetMetadata } from '@nestjs/common';
import type { Permission } from './permissions.js';

export const PERMISSION_KEY = 'prst:permission';
export const PUBLIC_PERMISSION = 'public';
export const PENDING_PASSWORD_KEY = 'prst:allowed-before-password-change';

/** Declares the permission a route needs (see PERMISSIONS). */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/** Declares a route open to anyone, signed in or not (health, login). */
export const Public = () => SetMetadata(PERMISSION_KEY, PUBLIC_PERMISSION);

/**
 * Lets a signed-in user whose initial password must still be changed use this route; every other
 * route answers 403 PASSWORD_CHANGE_REQUIRED until the password is changed.
 */
export const AllowedBeforePasswordChange = () => SetMetadata(PENDING_PASSWORD_KEY, true);

export const API_KEY_HEADER_KEY = 'prst:accepts-x-api-key';

/**
 * Lets callers of this route send their API key as `x-api-key: <key>` (what the Anthropic SDK sends)
 * instead of `Authorization: Bearer <key>`; only the proxy routes, whose callers are provider SDKs.
 */
export const AcceptsApiKeyHeader = () => SetMetadata(API_KEY_HEADER_KEY, true);
