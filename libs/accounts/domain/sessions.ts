/** How long a sign-in lasts (docs/accounts.md): 8 hours without a request, 12 hours at most. */
export const SESSION_IDLE_MS = 8 * 3600_000;
export const SESSION_MAX_MS = 12 * 3600_000;
/** A setup code (first password, or after a reset) works once, within 72 hours. */
export const SETUP_CODE_TTL_MS = 72 * 3600_000;

export interface SessionTimes {
  createdAt: number;
  lastSeenAt: number;
}

/** When a session ends if it is used no more: the earlier of idle timeout and maximum age. */
export function sessionExpiresAt(s: SessionTimes): number {
  return Math.min(s.lastSeenAt + SESSION_IDLE_MS, s.createdAt + SESSION_MAX_MS);
}

export const isSessionLive = (s: SessionTimes, now: number): boolean => now < sessionExpiresAt(s);

/** A personal API token with an `expiresOn` day works through that day (in the ledger's zone). */
export const isTokenLive = (expiresOn: string | null, today: string): boolean => expiresOn === null || today <= expiresOn;
