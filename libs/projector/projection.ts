/**
 * A read model fed from the event store in global order. Projections live in the read-model SQLite
 * database (never in the event store's file) and are applied synchronously inside the projector's
 * transaction, which also stores each projection's checkpoint: exactly once, crash or not.
 *
 * Rules for authors:
 * - `apply` must be deterministic: a function of the events only (no clock, no randomness), so that a
 *   rebuild from zero equals the live read model.
 * - A projection keeps its own copy of whatever it needs from other streams (e.g. a project's sector);
 *   it must not read another projection's tables, so it can be rebuilt alone.
 * - Unknown event types are ignored (other capabilities add their own).
 * - During a rebuild from zero the secondary indexes `setup` creates are absent (they are built after
 *   the replay), so what `apply` and `settle` look up in a large table goes by a primary key or unique
 *   column.
 * - Rows derived from many facts (e.g. every statement of a referrer) may be left behind the facts by
 *   `apply` and brought up to date by `settle`, which the projector calls once it has applied all the
 *   store has: in the transaction of a batch that reaches the head (shorter than the batch size: the
 *   usual live write, so no extra transaction), or in a transaction of its own when a pass ends after
 *   batches that were not settled, and on the first pass after a start (a crash may have come between
 *   the two). What is left to settle must therefore be kept in the projection's tables, not in memory.
 *   Readers never see the gap: `waitFor` answers, and `catchUp` and `rebuild` return, only after the
 *   settle that covers their position.
 */
import type Database from 'better-sqlite3';
import type { ProjectedEvent } from '../event-store/index.js';

export type ReadDb = Database.Database;

export interface Projection {
  /** Stable name; also the checkpoint key and the name `rebuild` takes. */
  readonly name: string;
  /** Bump when the tables or the logic change: the projector then rebuilds this projection on start. */
  readonly version: number;
  /** Tables this projection owns (dropped on rebuild, compared by the rebuild check). */
  readonly tables: readonly string[];
  /** CREATE TABLE IF NOT EXISTS … for every owned table (and its indexes). */
  setup(db: ReadDb): void;
  apply(event: ProjectedEvent, db: ReadDb): void;
  /**
   * Optional: the events of one batch at once, in global order, with the same outcome as `apply` on
   * each (e.g. a row rewritten once per batch instead of once per event). Keeps nothing between calls
   * but what it holds in `scope` (the projector's transaction; without one, it writes before it returns).
   */
  applyBatch?(events: readonly ProjectedEvent[], db: ReadDb, scope?: TransactionScope): void;
  /** Optional: brings the rows `apply` left behind up to date (see the rules above). Idempotent: a settle with nothing left does nothing. */
  settle?(db: ReadDb): void;
}

/**
 * What one read-model transaction of the projector holds for its projections over its batches (a
 * rebuild's transaction spans many): a row rewritten by every batch (a project's summary in a ledger
 * written in time order) is then written once per transaction. A transaction that rolls back drops its
 * scope unwritten, so nothing held outlives it.
 */
export class TransactionScope {
  private readonly held = new Map<object, { value: unknown; write: (value: never) => void }>();

  /** The value `owner` keeps for this transaction, made on first use; `write` gets it once, at the end, before the checkpoints. */
  hold<T>(owner: object, make: () => T, write: (value: T) => void): T {
    let found = this.held.get(owner);
    if (!found) {
      found = { value: make(), write: write as (value: never) => void };
      this.held.set(owner, found);
    }
    return found.value as T;
  }

  /** Writes what every owner held; called once, inside the transaction. */
  write(): void {
    for (const { value, write } of this.held.values()) (write as (value: unknown) => void)(value);
    this.held.clear();
  }
}

/** Runs `apply` in `scope`, or, when there is none (a projection's own `apply`, a test), in one of its own written at once. */
export function inScope(scope: TransactionScope | undefined, apply: (scope: TransactionScope) => void): void {
  const own = scope ?? new TransactionScope();
  apply(own);
  if (!scope) own.write();
}
