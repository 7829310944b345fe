import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import type { Role } from '@prst/contracts';
import { ROLES } from '../../auth/roles.js';

export class CreateUserDto {
  @IsEmail()
  @MaxLength(320)
  email: string;

  @IsIn(ROLES)
  role: Role;

  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password: string;
}
