/**
 * Who may do what in the accounts slice (API.md roles): the one map its routes read. The shell answers 403 to anyone else;
 * signing in and setting a password with a setup code are public (ANONYMOUS_ROUTES).
 */
import { ROLES, type Role } from '../platform/tokens.js';

export const ACCOUNT_ROLES = {
  /** One's own session and API tokens: every role. */
  SignOut: ROLES,
  Me: ROLES,
  ListApiTokens: ROLES,
  CreateApiToken: ROLES,
  RevokeApiToken: ROLES,
  OpenAccount: ['admin'],
  ListAccounts: ['admin', 'auditor'],
  AccountHistory: ['admin', 'auditor'],
  ChangeAccount: ['admin'],
  ResetPassword: ['admin'],
  AccessLog: ['auditor'],
} as const satisfies Record<string, readonly Role[]>;
