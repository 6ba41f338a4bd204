import { RuleViolation } from '../../kernel/index.js';
import { NO_ACCOUNT, decide, evolve, type AccountCommand, type AccountState } from './account.js';
import type { AccountEvent } from './events.js';

const opened: AccountEvent = { type: 'AccountOpened', data: { accountId: 'a-1', login: 'li.ming', displayName: '李明', role: 'recorder', unitId: 'xiajin' } };
const fold = (events: AccountEvent[]): AccountState => events.reduce(evolve, NO_ACCOUNT);
const open = (login = 'li.ming'): AccountCommand => ({ type: 'OpenAccount', accountId: 'a-1', login, displayName: '李明', role: 'recorder', unitId: 'xiajin' });

describe('decide: accounts', () => {
  it.each<[string, AccountEvent[], AccountCommand, AccountEvent[] | string]>([
    ['opens a new login', [], open(), [opened]],
    ['refuses a taken login', [opened], open(), 'login-unique'],
    ['refuses a login with capitals', [], open('Li.Ming'), 'login-form'],
    ['refuses a one-letter login', [], open('l'), 'login-form'],
    [
      'changes only what differs',
      [opened],
      { type: 'ChangeAccount', login: 'li.ming', role: 'recorder', unitId: null },
      [{ type: 'AccountChanged', data: { login: 'li.ming', unitId: null } }],
    ],
    [
      'refuses a change that changes nothing',
      [opened],
      { type: 'ChangeAccount', login: 'li.ming', role: 'recorder', unitId: 'xiajin', disabled: false },
      'account-change',
    ],
    [
      'disables',
      [opened],
      { type: 'ChangeAccount', login: 'li.ming', disabled: true },
      [{ type: 'AccountChanged', data: { login: 'li.ming', disabled: true } }],
    ],
    ['refuses to change an account that does not exist', [], { type: 'ChangeAccount', login: 'li.ming', role: 'admin' }, 'account-exists'],
    ['resets a password', [opened], { type: 'ResetPassword', login: 'li.ming' }, [{ type: 'AccountPasswordReset', data: { login: 'li.ming' } }]],
    ['refuses to reset an account that does not exist', [], { type: 'ResetPassword', login: 'li.ming' }, 'account-exists'],
  ])('%s', (_, given, command, then) => {
    const decision = decide(command, fold(given));
    if (typeof then === 'string') {
      expect(decision).toBeInstanceOf(RuleViolation);
      expect((decision as RuleViolation).rule).toBe(then);
    } else expect(decision).toEqual(then);
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
