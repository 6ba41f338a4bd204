import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IsCalendarDate, IsLedgerId, IsZonedInstant } from '../../platform/http/validation.js';
import { ROLES, type Role } from '../../platform/tokens.js';
import { LOGIN_PATTERN } from '../domain/account.js';
import { PASSWORD_MAX } from '../domain/password-policy.js';

const LOGIN_MESSAGE = 'login must be 2 to 40 lower-case letters, digits, ".", "_" or "-", starting with a letter';

export class SignInDto {
  @ApiProperty({ example: 'li.ming' })
  @IsString()
  @MaxLength(40)
  login!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(PASSWORD_MAX * 4)
  password!: string;
}

export class SetPasswordDto {
  @ApiProperty({ example: 'li.ming' })
  @IsString()
  @MaxLength(40)
  login!: string;

  @ApiProperty({ description: 'the one-time code an admin was given for this account', example: 'K7QM-3XWD-PA9R-TV2E' })
  @IsString()
  @MaxLength(40)
  setupCode!: string;

  @ApiProperty({ description: '10 to 200 characters, not containing the login, at least three different characters', example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(PASSWORD_MAX * 4)
  password!: string;
}

export class CreateAccountDto {
  @ApiProperty({ example: 'li.ming', pattern: LOGIN_PATTERN.source })
  @Matches(LOGIN_PATTERN, { message: LOGIN_MESSAGE })
  login!: string;

  @ApiProperty({ example: '李明' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'confine the account to this unit and those below it', example: 'qingyun' })
  @IsOptional()
  @IsLedgerId()
  unitId?: string | null;
}

export class ChangeAccountDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'a unit to confine the account to, or null to lift the scope', example: 'qingyun' })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsLedgerId()
  unitId?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class CreateApiTokenDto {
  @ApiProperty({ description: 'what the token is for', example: 'nightly statement export' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ description: 'the last day the token works (in the ledger zone); no expiry when absent', example: '2027-06-30' })
  @IsOptional()
  @IsCalendarDate()
  expiresOn?: string;
}

export class AccessLogQueryDto {
  @ApiPropertyOptional({ description: 'who: a login or a tokens-file actor', example: 'sun.li' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actor?: string;

  @ApiPropertyOptional({ description: 'entries at or after this instant', example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsZonedInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'entries before this instant', example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @IsZonedInstant()
  to?: string;

  @ApiPropertyOptional({ description: 'a route template as the log shows it', example: 'GET /v1/statements/{period}/export' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  route?: string;

  @ApiPropertyOptional({ description: 'the `next` cursor of the previous page', example: '120' })
  @IsOptional()
  @Matches(/^(0|[1-9]\d{0,15})$/, { message: 'after must be a cursor from a previous page' })
  after?: string;

  @ApiPropertyOptional({ description: 'entries per page, 1 to 500 (default 100)', example: '100' })
  @IsOptional()
  @Matches(/^([1-9]\d{0,1}|[1-4]\d\d|500)$/, { message: 'limit must be a whole number from 1 to 500' })
  limit?: string;
}
