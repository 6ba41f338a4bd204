import { deciderSpec } from '../../kernel/testing/decider.js';
import { NO_ACCOUNT, decide, evolve, type AccountCommand, type AccountState } from './account.js';
import type { AccountEvent } from './events.js';

/** Accounts need no day, so any day does. */
const TODAY = '2026-11-26';

const { given, fold } = deciderSpec<AccountCommand, AccountState, AccountEvent>({
  decide,
  evolve: (state, event) => evolve(state, event),
  initial: NO_ACCOUNT,
  today: TODAY,
});

const opened: AccountEvent = { type: 'AccountOpened', data: { accountId: 'a-1', login: 'li.ming', displayName: '李明', role: 'recorder', unitId: 'xiajin' } };
const open = (login = 'li.ming'): AccountCommand => ({ type: 'OpenAccount', accountId: 'a-1', login, displayName: '李明', role: 'recorder', unitId: 'xiajin' });

describe('decide: accounts', () => {
  it.each<[string, AccountEvent[], AccountCommand, AccountEvent[]]>([
    ['opens a new login', [], open(), [opened]],
    [
      'changes only what differs',
      [opened],
      { type: 'ChangeAccount', login: 'li.ming', role: 'recorder', unitId: null },
      [{ type: 'AccountChanged', data: { login: 'li.ming', unitId: null } }],
    ],
    [
      'disables',
      [opened],
      { type: 'ChangeAccount', login: 'li.ming', disabled: true },
      [{ type: 'AccountChanged', data: { login: 'li.ming', disabled: true } }],
    ],
    ['resets a password', [opened], { type: 'ResetPassword', login: 'li.ming' }, [{ type: 'AccountPasswordReset', data: { login: 'li.ming' } }]],
  ])('%s', (_, history, command, then) => {
    given(history).when(command).then(then);
  });

  it.each<[string, AccountEvent[], AccountCommand, string]>([
    ['refuses a taken login', [opened], open(), 'login-unique'],
    ['refuses a login with capitals', [], open('Li.Ming'), 'login-form'],
    ['refuses a one-letter login', [], open('l'), 'login-form'],
    [
      'refuses a change that changes nothing',
      [opened],
      { type: 'ChangeAccount', login: 'li.ming', role: 'recorder', unitId: 'xiajin', disabled: false },
      'account-change',
    ],
    ['refuses to change an account that does not exist', [], { type: 'ChangeAccount', login: 'li.ming', role: 'admin' }, 'account-exists'],
    ['refuses to reset an account that does not exist', [], { type: 'ResetPassword', login: 'li.ming' }, 'account-exists'],
  ])('%s', (_, history, command, rule) => {
    given(history).when(command).thenRefused(rule);
  });

  it('folds role, scope and disabling; a reset changes none of them', () => {
    const state = fold([
      opened,
      { type: 'AccountChanged', data: { login: 'li.ming', role: 'assessor' } },
      { type: 'AccountChanged', data: { login: 'li.ming', unitId: null, disabled: true } },
      { type: 'AccountPasswordReset', data: { login: 'li.ming' } },
    ]);
    expect(state).toEqual({ opened: true, role: 'assessor', unitId: null, disabled: true });
  });
});
