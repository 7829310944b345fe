import { ArrayMaxSize, IsArray, IsDateString, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { Role } from '@prst/contracts';
import { ROLES } from '../../auth/roles.js';
import { PERMISSIONS } from '../../auth/permissions.js';

export class CreateApiCredentialDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @IsIn(ROLES)
  role: Role;

  /** ISO 8601 time after which the key stops working. */
  @IsOptional()
  @IsDateString()
  expiresAt?: string;

  /** Limits the key to these permissions (each must also be granted by its role). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsIn(Object.keys(PERMISSIONS), { each: true })
  permissions?: string[];
}
