/**
 * Revision and position mapping between our port and ESDB. ESDB counts in `bigint`; our port counts in
 * `number`, so every conversion checks the safe-integer range instead of silently rounding.
 */
import { NO_STREAM as ESDB_NO_STREAM, ANY, type AppendExpectedRevision, type CurrentRevision } from '@eventstore/db-client';
import { NO_STREAM, type ExpectedRevision } from '../port.js';

export function toSafeNumber(value: bigint, what: string): number {
  if (value < BigInt(Number.MIN_SAFE_INTEGER) || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${what} ${value} is outside the safe integer range`);
  }
  return Number(value);
}

/** Our expected revision as ESDB's: -1 is ESDB's NO_STREAM, 'any' is ANY, n is the revision itself. */
export function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === NO_STREAM) return ESDB_NO_STREAM;
  if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError(`invalid expected revision ${expected}`);
  return BigInt(expected);
}

/** ESDB's current revision of a stream as ours: a missing stream is -1, like an empty one. */
export function fromEsdbCurrent(current: CurrentRevision): number {
  return current === ESDB_NO_STREAM ? NO_STREAM : toSafeNumber(current, 'stream revision');
}

/**
 * The `ledger` stream holds every event once, in commit order, so our 1-based globalPosition is its
 * 0-based ESDB revision plus one: dense by construction, unlike ESDB's commit/prepare positions.
 */
export function globalPositionOf(ledgerRevision: bigint): number {
  return toSafeNumber(ledgerRevision, 'ledger revision') + 1;
}

export function ledgerRevisionOf(globalPosition: number): bigint {
  if (!Number.isSafeInteger(globalPosition) || globalPosition < 1) throw new RangeError(`invalid global position ${globalPosition}`);
  return BigInt(globalPosition - 1);
}

/** The expected revision of the ledger stream when our last known globalPosition is `lastPosition`. */
export function ledgerExpected(lastPosition: number): AppendExpectedRevision {
  return lastPosition === 0 ? ESDB_NO_STREAM : ledgerRevisionOf(lastPosition);
}
