/**
 * Slows down guessing: failures (a wrong password, an unknown bearer token) are counted per key (an
 * address, or an address and a login); after `free` failures each further one closes the key for an
 * exponentially growing delay, capped at `maxSeconds`. A success clears its key; a key forgets
 * after `forgetSeconds` without a failure. Kept in memory: a restart forgets it.
 * There is deliberately no key per account alone: a stranger could use it to lock a real person out.
 */
export interface ThrottlePolicy {
  /** Failures allowed before the first delay. */
  free: number;
  /** The first delay; each further failure doubles it. */
  baseSeconds: number;
  maxSeconds: number;
  forgetSeconds: number;
}

interface Record {
  failures: number;
  lastFailureAt: number;
  closedUntil: number;
}

/** Keeps at most this many keys; the oldest are forgotten first (a flood of addresses cannot exhaust memory). */
const MAX_KEYS = 50_000;

export class FailureThrottle {
  private readonly records = new Map<string, Record>();

  constructor(
    readonly policy: ThrottlePolicy,
    private readonly now: () => number,
    private readonly enabled = true,
  ) {}

  /** Seconds the key stays closed (0 when open). */
  retryAfter(key: string): number {
    if (!this.enabled) return 0;
    const record = this.current(key);
    if (!record) return 0;
    const wait = record.closedUntil - this.now();
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  /** Counts a failure; the key may now be closed (see retryAfter). */
  fail(key: string): void {
    if (!this.enabled) return;
    const now = this.now();
    const record = this.current(key) ?? { failures: 0, lastFailureAt: now, closedUntil: 0 };
    record.failures += 1;
    record.lastFailureAt = now;
    const over = record.failures - this.policy.free;
    if (over > 0) {
      const seconds = Math.min(this.policy.maxSeconds, this.policy.baseSeconds * 2 ** Math.min(over - 1, 30));
      record.closedUntil = now + seconds * 1000;
    }
    this.records.delete(key);
    this.records.set(key, record);
    if (this.records.size > MAX_KEYS) this.records.delete(this.records.keys().next().value!);
  }

  succeed(key: string): void {
    this.records.delete(key);
  }

  private current(key: string): Record | null {
    const record = this.records.get(key);
    if (!record) return null;
    if (this.now() - record.lastFailureAt > this.policy.forgetSeconds * 1000 && record.closedUntil <= this.now()) {
      this.records.delete(key);
      return null;
    }
    return record;
  }
}

/** Per client address: unknown tokens and failed sign-ins from anywhere on it. */
export const ADDRESS_POLICY: ThrottlePolicy = { free: 20, baseSeconds: 1, maxSeconds: 300, forgetSeconds: 3600 };
/** Per address and login: a password guessed at one account from one place. */
export const SIGN_IN_POLICY: ThrottlePolicy = { free: 5, baseSeconds: 2, maxSeconds: 900, forgetSeconds: 3600 };
