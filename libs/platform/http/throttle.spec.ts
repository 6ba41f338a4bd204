import { FailureThrottle } from './throttle.js';

describe('FailureThrottle', () => {
  let now = 0;
  const throttle = () => new FailureThrottle({ free: 2, baseSeconds: 1, maxSeconds: 8, forgetSeconds: 60 }, () => now);
  beforeEach(() => (now = 1_000_000));

  it('lets the free failures through, then closes for a doubling delay up to the cap', () => {
    const t = throttle();
    t.fail('k');
    t.fail('k');
    expect(t.retryAfter('k')).toBe(0);
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      t.fail('k');
      delays.push(t.retryAfter('k'));
      now += delays.at(-1)! * 1000;
    }
    expect(delays).toEqual([1, 2, 4, 8, 8, 8]);
  });

  it('keeps keys apart, clears a key on success and forgets it after a quiet spell', () => {
    const t = throttle();
    for (let i = 0; i < 3; i++) t.fail('a');
    expect(t.retryAfter('a')).toBe(1);
    expect(t.retryAfter('b')).toBe(0);
    t.succeed('a');
    expect(t.retryAfter('a')).toBe(0);
    for (let i = 0; i < 3; i++) t.fail('c');
    now += 61_000;
    t.fail('c');
    expect(t.retryAfter('c')).toBe(0);
  });

  it('does nothing when turned off', () => {
    const t = new FailureThrottle({ free: 0, baseSeconds: 1, maxSeconds: 8, forgetSeconds: 60 }, () => now, false);
    t.fail('k');
    expect(t.retryAfter('k')).toBe(0);
  });
});
