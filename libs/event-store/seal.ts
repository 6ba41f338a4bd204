import { canonicalJson } from '../kernel/index.js';
import { DEFAULT_HASH_ALGORITHM, hashHex, type HashAlgorithm } from './hashing.js';
import type { StoredEvent } from './port.js';

/** The seal of a stream's first event chains from this. */
export const GENESIS_HASH = '0'.repeat(64);

export type Unsealed = Omit<StoredEvent, 'hash'>;

/**
 * The ledger's hash (SHA-256 or SM3) over the canonical JSON of everything the event says: content, metadata, position and the
 * previous seal in its stream. globalPosition is included so that reordering across streams breaks too.
 */
export function sealOf(event: Unsealed, algorithm: HashAlgorithm = DEFAULT_HASH_ALGORITHM): string {
  const body = {
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision,
    globalPosition: event.globalPosition,
    type: event.type,
    data: event.data,
    occurredOn: event.occurredOn,
    recordedAt: event.recordedAt,
    actor: event.actor,
    role: event.role,
    idempotencyKey: event.idempotencyKey,
    schemaVersion: event.schemaVersion,
    previousHash: event.previousHash,
  };
  return hashHex(algorithm, canonicalJson(body));
}

export function seal(event: Unsealed, algorithm: HashAlgorithm): StoredEvent {
  return { ...event, hash: sealOf(event, algorithm) };
}
