import { IsIn } from 'class-validator';
import type { Role } from '@prst/contracts';
import { ROLES } from '../../auth/roles.js';

export class UpdateUserDto {
  @IsIn(ROLES)
  role: Role;
}
