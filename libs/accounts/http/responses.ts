import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../platform/tokens.js';
import type { AccountView, SetupCodeAnswer } from '../commands/account-commands.js';
import type { ApiTokenView, NewApiToken, SessionAnswer } from '../commands/sessions.js';
import type { AccessLogPage, AccessLogRecord, AccountDetail, AccountHistoryEntry, MeView } from '../queries/account-queries.js';

export class SessionAccountResponse implements Omit<AccountView, 'disabled'> {
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ example: 'li.ming' }) login!: string;
  @ApiProperty({ example: '李明' }) displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: String, nullable: true, example: 'qingyun' }) unitId!: string | null;
}

export class SessionResponse implements SessionAnswer {
  @ApiProperty({ description: 'the session bearer token (`ls_…`); shown once', example: 'ls_3q2…' }) token!: string;
  @ApiProperty({
    description: 'when the session ends if it is not used: 8 h after the last request, 12 h after sign-in at most',
    example: '2026-11-26T12:00:00.000Z',
  })
  expiresAt!: string;
  @ApiProperty({ type: SessionAccountResponse }) account!: SessionAccountResponse;
}

export class MeResponse implements MeView {
  @ApiProperty({ description: 'the name recorded on events: the login, or the tokens-file actor', example: 'li.ming' }) actor!: string;
  @ApiProperty({ example: '李明' }) displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: String, nullable: true }) unitId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'null for a tokens-file token' }) accountId!: string | null;
}

export class AccountResponse extends SessionAccountResponse implements AccountView {
  @ApiProperty() disabled!: boolean;
}

export class AccountDetailResponse extends AccountResponse implements AccountDetail {
  @ApiProperty({ description: 'when and by whom the account was opened' }) openedAt!: string;
  @ApiProperty() openedBy!: string;
  @ApiProperty({ description: 'its last change' }) changedAt!: string;
  @ApiProperty() changedBy!: string;
}

export class AccountListResponse {
  @ApiProperty({ type: [AccountDetailResponse] }) accounts!: AccountDetailResponse[];
}

export class SetupCodeResponse implements SetupCodeAnswer {
  @ApiProperty({ description: 'one-time code to set the password with (POST /v1/accounts/password); shown once', example: 'K7QM-3XWD-PA9R-TV2E' })
  setupCode!: string;
  @ApiProperty({ description: 'the code stops working then (72 h)' }) setupCodeExpiresAt!: string;
}

export class CreatedAccountResponse extends AccountResponse implements AccountView, SetupCodeAnswer {
  @ApiProperty({ description: 'one-time code to set the first password with; shown once', example: 'K7QM-3XWD-PA9R-TV2E' }) setupCode!: string;
  @ApiProperty({ description: 'the code stops working then (72 h)' }) setupCodeExpiresAt!: string;
}

export class AccountHistoryEntryResponse implements AccountHistoryEntry {
  @ApiProperty({ enum: ['AccountOpened', 'AccountChanged', 'AccountPasswordReset'] }) type!: string;
  @ApiProperty({ description: 'when it was recorded' }) at!: string;
  @ApiProperty({ description: 'who did it' }) by!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'what changed (role, unitId, disabled; the opening fields); never a credential' })
  change!: Record<string, unknown>;
}

export class AccountHistoryResponse {
  @ApiProperty() login!: string;
  @ApiProperty({ type: [AccountHistoryEntryResponse] }) history!: AccountHistoryEntryResponse[];
}

export class ApiTokenResponse implements ApiTokenView {
  @ApiProperty({ format: 'uuid' }) tokenId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'last day it works; null: no expiry' }) expiresOn!: string | null;
}

export class NewApiTokenResponse extends ApiTokenResponse implements NewApiToken {
  @ApiProperty({ description: 'the bearer token (`lt_…`); shown once' }) token!: string;
}

export class ApiTokenListResponse {
  @ApiProperty({ type: [ApiTokenResponse] }) tokens!: ApiTokenResponse[];
}

export class AccessLogEntryResponse implements AccessLogRecord {
  @ApiProperty() at!: string;
  @ApiProperty() actor!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty({ type: String, nullable: true }) accountId!: string | null;
  @ApiProperty({ example: 'GET' }) method!: string;
  @ApiProperty({ example: 'GET /v1/statements/{period}/export' }) route!: string;
  @ApiProperty({ example: '/v1/statements/2026-H1/export' }) path!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'query parameters; token-like ones are [redacted]' }) query!: Record<
    string,
    string
  >;
  @ApiProperty({ type: 'integer' }) status!: number;
}

export class AccessLogPageResponse implements AccessLogPage {
  @ApiProperty({ type: [AccessLogEntryResponse] }) entries!: AccessLogEntryResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as ?after= for the next page; null on the last' }) next!: string | null;
}
