import { sampleEvent } from '../contract/event-store-contract.js';
import { MemoryEventStore } from '../memory/memory-event-store.js';
import { NO_STREAM } from '../port.js';
import { GENESIS_HASH, sealOf } from '../seal.js';
import { eventIdsFor, keyRecordId, uuidV5, withEventIds } from './event-ids.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('ESDB event ids', () => {
  it('computes RFC UUIDv5 (the DNS-namespace example)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('derives the same ids for the same key, distinct by index and by key', () => {
    const ids = eventIdsFor('li.ming:k-1', 3);
    expect(eventIdsFor('li.ming:k-1', 3)).toEqual(ids);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(ids[0][14]).toBe('5');
    expect(eventIdsFor('li.ming:k-2', 1)[0]).not.toBe(ids[0]);
    expect(eventIdsFor('a#1', 1)[0]).not.toBe(eventIdsFor('a', 2)[1]);
    expect(keyRecordId('li.ming:k-1')).not.toBe(ids[0]);
  });

  it('uses random ids without a key', () => {
    const [a] = eventIdsFor(undefined, 1);
    const [b] = eventIdsFor(undefined, 1);
    expect(a).toMatch(UUID);
    expect(a).not.toBe(b);
  });

  it('re-seals a planned batch under new ids, chain intact', async () => {
    const store = new MemoryEventStore();
    const { events } = await store.append('project-p1', [sampleEvent(1), sampleEvent(2)], { expectedRevision: NO_STREAM });
    const ids = eventIdsFor('k', 2);
    const resealed = withEventIds(events, ids, 'sha256');
    expect(resealed.map((e) => e.eventId)).toEqual(ids);
    expect(resealed[0].previousHash).toBe(GENESIS_HASH);
    expect(resealed[1].previousHash).toBe(resealed[0].hash);
    for (const { hash, ...rest } of resealed) expect(sealOf(rest)).toBe(hash);
    expect(resealed[0].hash).not.toBe(events[0].hash);
    expect(() => withEventIds(events, ids.slice(1), 'sha256')).toThrow(RangeError);
  });
});
