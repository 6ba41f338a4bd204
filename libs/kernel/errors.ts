/**
 * Errors the core raises. A `RuleViolation` is a domain rule refusing a command (HTTP 422); the shell
 * maps the others to their statuses. Pure code returns or throws these; it never knows about HTTP.
 */
export class RuleViolation extends Error {
  constructor(
    readonly rule: string,
    message: string,
    /** Machine-readable extras for the answer (e.g. an import's row problems). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RuleViolation';
  }
}

export class NotFound extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFound';
  }
}

/** A conflicting write: a duplicate, a second payout, a lost race (HTTP 409). */
export class Conflict extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'Conflict';
  }
}

/** The caller's If-Match revision is not the stream's (HTTP 412). */
export class StaleRevision extends Error {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`revision ${expected} is stale; the stream is at ${actual}`);
    this.name = 'StaleRevision';
  }
}

export class Forbidden extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Forbidden';
  }
}

/** A decision: the events to append, or the rule that refused the command. */
export type Decision<E> = E[] | RuleViolation;

/**
 * Every decider's shape: the command, the state folded from its stream, and the ledger's local day. What the shell
 * knows beyond the stream (a new id, the actor's role, a read-model figure) travels on the command. A decider that
 * needs no day may leave `today` out.
 */
export type Decider<C, S, E> = (command: C, state: S, today: string) => Decision<E>;

/** DOMAIN.md: a business date after the ledger's today is refused (rule `no-future-dates`). */
export function notFuture(date: string, field: string, today: string): RuleViolation | null {
  return date > today ? new RuleViolation('no-future-dates', `${field} ${date} is after today (${today})`) : null;
}

export function refused<E>(decision: Decision<E>): decision is RuleViolation {
  return decision instanceof RuleViolation;
}

/** The caller could not prove who it is: a wrong login or password, a wrong setup code (HTTP 401). */
export class Unauthenticated extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Unauthenticated';
  }
}

/** Too many failed attempts from here: try again after `retryAfterSeconds` (HTTP 429). */
export class Throttled extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'Throttled';
  }
}
