import type { EventData } from '@eventstore/db-client';
import { sampleEvent } from '../contract/event-store-contract.js';
import { MemoryEventStore } from '../memory/memory-event-store.js';
import { NO_STREAM, type StoredEvent } from '../port.js';
import { CorruptEsdbEvent, checkPlacement, decodeEvent, encodeEvent, type Committed, type RawRecord } from './metadata.js';

/** What ESDB hands back for an event it stored: JSON bytes parsed again, its own stream name and revision. */
function asRecorded(data: EventData, streamId: string, revision: bigint): RawRecord {
  if (data.contentType !== 'application/json') throw new Error('expected a JSON event');
  return {
    id: data.id,
    streamId,
    revision,
    type: data.type,
    isJson: true,
    data: JSON.parse(JSON.stringify(data.data)),
    metadata: JSON.parse(JSON.stringify(data.metadata)),
  };
}

async function sealed(): Promise<StoredEvent[]> {
  const store = new MemoryEventStore();
  await store.append('project-p0', [sampleEvent(0)], { expectedRevision: NO_STREAM });
  const { events } = await store.append('project-p1', [sampleEvent(1), sampleEvent(2)], {
    expectedRevision: NO_STREAM,
    idempotency: { key: 'li.ming:k-1', requestHash: 'h1' },
  });
  return events;
}

describe('ESDB event encoding', () => {
  it('keeps every field of a sealed event through ESDB, with the request hash and the append range', async () => {
    const [, second] = await sealed();
    const committed: Committed = { event: second, requestHash: 'h1', batch: { first: 2, last: 3 } };
    const encoded = encodeEvent(committed);
    expect(encoded).toMatchObject({ id: second.eventId, type: 'sample_recorded', contentType: 'application/json', data: second.data });
    expect(encoded.metadata).toMatchObject({ globalPosition: 3, revision: 1, hash: second.hash, requestHash: 'h1', batchLast: 3 });
    const raw = asRecorded(encoded, 'ledger', 2n);
    expect(decodeEvent(raw)).toEqual(committed);
    expect(() => checkPlacement(raw, committed, { kind: 'ledger', esdbStream: 'ledger' })).not.toThrow();
    expect(() => checkPlacement(asRecorded(encoded, 'project-p1', 1n), committed, { kind: 'stream', esdbStream: 'project-p1' })).not.toThrow();
  });

  it('keeps a null idempotency key and a null request hash as null', async () => {
    const store = new MemoryEventStore();
    const { events } = await store.append('s', [sampleEvent(1)], { expectedRevision: NO_STREAM });
    const committed: Committed = { event: events[0], requestHash: null, batch: { first: 1, last: 1 } };
    expect(decodeEvent(asRecorded(encodeEvent(committed), 'ledger', 0n))).toEqual(committed);
  });

  it('refuses an ESDB event this adapter did not write', async () => {
    const [event] = await sealed();
    const good = asRecorded(encodeEvent({ event, requestHash: null, batch: { first: 1, last: 1 } }), 'ledger', 0n);
    const meta = good.metadata as Record<string, unknown>;
    expect(() => decodeEvent({ ...good, isJson: false })).toThrow(CorruptEsdbEvent);
    expect(() => decodeEvent({ ...good, data: [1, 2] })).toThrow(/data is not a JSON object/);
    expect(() => decodeEvent({ ...good, metadata: undefined })).toThrow(/metadata is not a JSON object/);
    expect(() => decodeEvent({ ...good, metadata: { ...meta, revision: '0' } })).toThrow(/revision is not an integer/);
    expect(() => decodeEvent({ ...good, metadata: { ...meta, hash: undefined } })).toThrow(/hash is not a string/);
    expect(() => decodeEvent({ ...good, metadata: { ...meta, batchLast: 0 } })).toThrow(/batch range/);
  });

  it('refuses an event found somewhere its metadata does not place it', async () => {
    const [event] = await sealed();
    const committed: Committed = { event, requestHash: null, batch: { first: 1, last: 1 } };
    const encoded = encodeEvent(committed);
    expect(() => checkPlacement(asRecorded(encoded, 'ledger', 5n), committed, { kind: 'ledger', esdbStream: 'ledger' })).toThrow(CorruptEsdbEvent);
    expect(() => checkPlacement(asRecorded(encoded, 'project-p0', 3n), committed, { kind: 'stream', esdbStream: 'project-p0' })).toThrow(
      /stream position 0 of project-p0/,
    );
    expect(() => checkPlacement(asRecorded(encoded, 'other', 0n), committed, { kind: 'stream', esdbStream: 'project-p0' })).toThrow(CorruptEsdbEvent);
  });
});
