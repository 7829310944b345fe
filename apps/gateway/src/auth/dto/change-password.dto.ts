import { IsString, MaxLength, MinLength } from 'class-validator';

export class ChangePasswordDto {
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  currentPassword: string;

  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  newPassword: string;
}
