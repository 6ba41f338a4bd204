/**
 * An account's life in the ledger (docs/accounts.md): opened by an admin, its role, unit scope or
 * disabling changed, its password reset. One stream per login, `account-<login>`. The events name who
 * and what, never a credential: password hashes, setup codes, sessions and API tokens live in the
 * mutable credentials file (credentials/credential-store.ts), never in these immutable events.
 */
import { narrow } from '../../event-store/narrow.js';
import type { Role } from '../../kernel/index.js';

export type AccountEvent =
  | { type: 'AccountOpened'; data: { accountId: string; login: string; displayName: string; role: Role; unitId: string | null } }
  /** Only the fields that changed are present. */
  | { type: 'AccountChanged'; data: { login: string; role?: Role; unitId?: string | null; disabled?: boolean } }
  /** A new one-time setup code was issued (the code itself is not here) and every session revoked. */
  | { type: 'AccountPasswordReset'; data: { login: string } };

export type AccountEventType = AccountEvent['type'];
export const ACCOUNT_EVENT_TYPES: readonly AccountEventType[] = ['AccountOpened', 'AccountChanged', 'AccountPasswordReset'];
export const isAccountEvent = narrow<AccountEvent>(ACCOUNT_EVENT_TYPES);

export const ACCOUNT_STREAM_PREFIX = 'account-';
export const accountStreamId = (login: string): string => `${ACCOUNT_STREAM_PREFIX}${login}`;
