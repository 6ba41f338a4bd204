/** Deciding an account's changes: pure, from its folded stream. */
import { RuleViolation, type Decision, type Role } from '../../kernel/index.js';
import type { AccountEvent } from './events.js';

export interface AccountState {
  opened: boolean;
  role: Role | null;
  unitId: string | null;
  disabled: boolean;
}

export const NO_ACCOUNT: AccountState = { opened: false, role: null, unitId: null, disabled: false };

/** A login: lower-case letters, digits, `.`, `_`, `-`; starts with a letter; 2 to 40 characters. */
export const LOGIN_PATTERN = /^[a-z][a-z0-9._-]{1,39}$/;

export type AccountCommand =
  | { type: 'OpenAccount'; accountId: string; login: string; displayName: string; role: Role; unitId: string | null }
  | { type: 'ChangeAccount'; login: string; role?: Role; unitId?: string | null; disabled?: boolean }
  | { type: 'ResetPassword'; login: string };

export function evolve(state: AccountState, event: AccountEvent): AccountState {
  switch (event.type) {
    case 'AccountOpened':
      return { opened: true, role: event.data.role, unitId: event.data.unitId, disabled: false };
    case 'AccountChanged':
      return {
        ...state,
        role: event.data.role ?? state.role,
        unitId: event.data.unitId === undefined ? state.unitId : event.data.unitId,
        disabled: event.data.disabled ?? state.disabled,
      };
    case 'AccountPasswordReset':
      return state;
  }
}

export function decide(command: AccountCommand, state: AccountState): Decision<AccountEvent> {
  switch (command.type) {
    case 'OpenAccount': {
      if (state.opened) return new RuleViolation('login-unique', `the login ${command.login} is taken`);
      if (!LOGIN_PATTERN.test(command.login))
        return new RuleViolation('login-form', 'a login is 2 to 40 lower-case letters, digits, ".", "_" or "-", starting with a letter');
      const { accountId, login, displayName, role, unitId } = command;
      return [{ type: 'AccountOpened', data: { accountId, login, displayName, role, unitId } }];
    }
    case 'ChangeAccount': {
      if (!state.opened) return new RuleViolation('account-exists', `there is no account ${command.login}`);
      const data: Extract<AccountEvent, { type: 'AccountChanged' }>['data'] = { login: command.login };
      if (command.role !== undefined && command.role !== state.role) data.role = command.role;
      if (command.unitId !== undefined && command.unitId !== state.unitId) data.unitId = command.unitId;
      if (command.disabled !== undefined && command.disabled !== state.disabled) data.disabled = command.disabled;
      if (Object.keys(data).length === 1) return new RuleViolation('account-change', 'the account already has these settings; nothing to change');
      return [{ type: 'AccountChanged', data }];
    }
    case 'ResetPassword':
      if (!state.opened) return new RuleViolation('account-exists', `there is no account ${command.login}`);
      return [{ type: 'AccountPasswordReset', data: { login: command.login } }];
  }
}
