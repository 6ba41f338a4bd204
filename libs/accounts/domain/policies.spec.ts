import { passwordProblem } from './password-policy.js';
import { SESSION_IDLE_MS, SESSION_MAX_MS, isSessionLive, isTokenLive, sessionExpiresAt } from './sessions.js';

describe('the password policy', () => {
  it.each([
    ['correct horse battery staple', null],
    ['长城长江黄河泰山华山', null],
    ['short', 'a password has at least 10 characters'],
    ['x'.repeat(201), 'a password has at most 200 characters'],
    ['my-li.ming-password', 'a password may not contain the login'],
    ['ababababababab', 'a password needs at least three different characters'],
  ])('%s', (password, problem) => {
    expect(passwordProblem(password, 'li.ming')).toBe(problem);
  });

  it('counts characters, not UTF-16 units: ten Chinese characters are ten', () => {
    expect(passwordProblem('一二三四五六七八九', 'li.ming')).toMatch(/at least 10/);
  });
});

describe('session lifetimes', () => {
  const t0 = Date.parse('2026-11-26T00:00:00Z');
  it('ends after 8 hours idle', () => {
    const s = { createdAt: t0, lastSeenAt: t0 };
    expect(isSessionLive(s, t0 + SESSION_IDLE_MS - 1)).toBe(true);
    expect(isSessionLive(s, t0 + SESSION_IDLE_MS)).toBe(false);
  });
  it('ends 12 hours after sign-in however busy', () => {
    const s = { createdAt: t0, lastSeenAt: t0 + SESSION_MAX_MS - 60_000 };
    expect(sessionExpiresAt(s)).toBe(t0 + SESSION_MAX_MS);
    expect(isSessionLive(s, t0 + SESSION_MAX_MS)).toBe(false);
  });
  it('an API token works through its last day', () => {
    expect(isTokenLive('2026-11-26', '2026-11-26')).toBe(true);
    expect(isTokenLive('2026-11-26', '2026-11-27')).toBe(false);
    expect(isTokenLive(null, '2099-01-01')).toBe(true);
  });
});
