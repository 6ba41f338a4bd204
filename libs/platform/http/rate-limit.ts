import { createHash } from 'node:crypto';

/**
 * Requests per minute per token, as a fixed one-minute window keyed by the token's hash (the token
 * itself is never kept). A limit of 0 turns it off.
 */
export class RateLimiter {
  private windowStart = 0;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the current window ends, for a Retry-After header. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((60_000 - (this.now() % 60_000)) / 1000));
  }

  allow(token: string): boolean {
    if (this.perMinute <= 0) return true;
    const minute = Math.floor(this.now() / 60_000);
    if (minute !== this.windowStart) {
      this.windowStart = minute;
      this.counts.clear();
    }
    const key = createHash('sha256').update(token).digest('base64');
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count <= this.perMinute;
  }
}
