/**
 * Event ids. With an idempotency key, ids are UUIDv5 of the key and the event's index in the batch, so a
 * retried append carries the same ids and ESDB's own duplicate check agrees with ours.
 */
import { createHash, randomUUID } from 'node:crypto';
import { seal, type Unsealed } from '../seal.js';
import type { HashAlgorithm } from '../hashing.js';
import type { StoredEvent } from '../port.js';

/** This ledger's UUIDv5 namespace (itself a random v4, fixed forever: changing it changes every id). */
export const LEDGER_ID_NAMESPACE = '3f1c2a9e-6b0d-4f57-9a51-7d0e8c4b2f16';

function uuidBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new TypeError(`not a UUID: ${uuid}`);
  return Buffer.from(hex, 'hex');
}

/** RFC 9562 UUID version 5 (SHA-1, name-based). */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `key#index`: the index has no '#', so distinct (key, index) pairs never share a name. */
export function eventIdsFor(idempotencyKey: string | undefined, count: number): string[] {
  return Array.from({ length: count }, (_, i) => (idempotencyKey === undefined ? randomUUID() : uuidV5(`${idempotencyKey}#${i}`, LEDGER_ID_NAMESPACE)));
}

/** The id of the record that remembers an idempotency key, so rewriting it is a no-op too. */
export function keyRecordId(idempotencyKey: string): string {
  return uuidV5(`${idempotencyKey}#record`, LEDGER_ID_NAMESPACE);
}

/** Gives a planned batch the given ids and re-seals its chain (the id is part of each seal). */
export function withEventIds(planned: StoredEvent[], ids: string[], algorithm: HashAlgorithm): StoredEvent[] {
  if (ids.length !== planned.length) throw new RangeError('one id per event');
  let previousHash = planned[0]?.previousHash ?? '';
  return planned.map((event, i) => {
    const { hash: _stale, ...rest } = event;
    const unsealed: Unsealed = { ...rest, eventId: ids[i], previousHash };
    const stored = seal(unsealed, algorithm);
    previousHash = stored.hash;
    return stored;
  });
}
