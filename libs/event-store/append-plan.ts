/**
 * The append rules every adapter shares: idempotent replay first (a retried request gets its first
 * answer even when its If-Match has gone stale), then the expected-revision check, then positions,
 * recorded-at instants that never go backwards, and seals chained per stream.
 */
import { randomUUID } from 'node:crypto';
import type { HashAlgorithm } from './hashing.js';
import { GENESIS_HASH, seal } from './seal.js';
import { IdempotencyKeyReused, SCHEMA_VERSION, WrongExpectedRevision, type AppendOptions, type NewEvent, type StoredEvent } from './port.js';

export interface StreamHead {
  /** Revision of the last event, -1 for a new stream. */
  revision: number;
  hash: string;
}

export const EMPTY_HEAD: StreamHead = { revision: -1, hash: GENESIS_HASH };

export interface PriorRequest {
  requestHash: string;
}

/** Throws when the key was used for another request; true when it is a replay of the same one. */
export function isReplay(options: AppendOptions, prior: PriorRequest | undefined): boolean {
  if (!options.idempotency || !prior) return false;
  if (prior.requestHash !== options.idempotency.requestHash) throw new IdempotencyKeyReused(options.idempotency.key);
  return true;
}

export function checkRevision(streamId: string, options: AppendOptions, head: StreamHead): void {
  if (options.expectedRevision !== 'any' && options.expectedRevision !== head.revision) {
    throw new WrongExpectedRevision(streamId, options.expectedRevision, head.revision);
  }
}

export interface Positions {
  head: StreamHead;
  /** globalPosition of the ledger's last event. */
  lastPosition: number;
  /** recordedAt of the ledger's last event, '' when empty. */
  lastRecordedAt: string;
}

export function planAppend(streamId: string, events: NewEvent[], options: AppendOptions, at: Positions, now: Date, algorithm: HashAlgorithm): StoredEvent[] {
  if (events.length === 0) throw new RangeError('nothing to append');
  const instant = now.toISOString();
  const recordedAt = instant > at.lastRecordedAt ? instant : at.lastRecordedAt;
  let previousHash = at.head.hash;
  return events.map((event, i) => {
    const stored = seal(
      {
        type: event.type,
        data: event.data,
        occurredOn: event.occurredOn,
        actor: event.actor,
        role: event.role,
        eventId: event.eventId ?? randomUUID(),
        streamId,
        revision: at.head.revision + 1 + i,
        globalPosition: at.lastPosition + 1 + i,
        recordedAt,
        idempotencyKey: options.idempotency?.key ?? null,
        schemaVersion: SCHEMA_VERSION,
        previousHash,
      },
      algorithm,
    );
    previousHash = stored.hash;
    return stored;
  });
}
