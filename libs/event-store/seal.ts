import { createHash } from 'node:crypto';
import { canonicalJson } from '../kernel/index.js';
import type { StoredEvent } from './port.js';

/** The seal of a stream's first event chains from this. */
export const GENESIS_HASH = '0'.repeat(64);

export type Unsealed = Omit<StoredEvent, 'hash'>;

/**
 * sha-256 over the canonical JSON of everything the event says: content, metadata, position and the
 * previous seal in its stream. globalPosition is included so that reordering across streams breaks too.
 */
export function sealOf(event: Unsealed): string {
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
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

export function seal(event: Unsealed): StoredEvent {
  return { ...event, hash: sealOf(event) };
}
