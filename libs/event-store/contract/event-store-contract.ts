/**
 * The contract every EventStore adapter must pass (as Emmett's shared event-store tests do). Each
 * adapter's spec calls `eventStoreContract` with a factory for a fresh, empty store.
 */
import { hashHex, type HashAlgorithm } from '../hashing.js';
import { Frontier } from '../merkle/memory-tree.js';
import { consistencyPath, inclusionPath, rootAt } from '../merkle/proofs.js';
import { leafHash, verifyConsistency, verifyInclusion } from '../merkle/tree.js';
import { IdempotencyKeyReused, NO_STREAM, WrongExpectedRevision, type EventStore, type NewEvent, type ProjectedEvent } from '../port.js';
import { canonicalJson } from '../../kernel/index.js';
import { sealOf } from '../seal.js';

export function sampleEvent(n: number, type = 'sample_recorded'): NewEvent {
  return { type, data: { n, amount: `${n}.00` }, occurredOn: '2026-03-01', actor: 'li.ming', role: 'recorder' };
}

/** `hashAlgorithm`: what the factory's stores were created with (SHA-256 unless said). */
export function eventStoreContract(name: string, open: () => Promise<EventStore>, hashAlgorithm: HashAlgorithm = 'sha256'): void {
  describe(`EventStore contract: ${name} (${hashAlgorithm})`, () => {
    let store: EventStore;
    const stream = () => `project-${Math.random().toString(36).slice(2)}`;

    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('appends a new stream from revision 0 and reads it back whole', async () => {
      const id = stream();
      const { events } = await store.append(id, [sampleEvent(1), sampleEvent(2)], { expectedRevision: NO_STREAM });
      expect(events.map((e) => e.revision)).toEqual([0, 1]);
      const read = await store.readStream(id);
      expect(read).toEqual(events);
      expect(read[0]).toMatchObject({ streamId: id, type: 'sample_recorded', data: { n: 1, amount: '1.00' }, actor: 'li.ming' });
      expect(read[0].schemaVersion).toBe(1);
    });

    it('reads an unknown stream as empty', async () => {
      expect(await store.readStream(stream())).toEqual([]);
    });

    it('refuses a stale expected revision and appends nothing', async () => {
      const id = stream();
      await store.append(id, [sampleEvent(1)], { expectedRevision: NO_STREAM });
      await expect(store.append(id, [sampleEvent(2)], { expectedRevision: NO_STREAM })).rejects.toBeInstanceOf(WrongExpectedRevision);
      await expect(store.append(id, [sampleEvent(2)], { expectedRevision: 5 })).rejects.toBeInstanceOf(WrongExpectedRevision);
      expect(await store.readStream(id)).toHaveLength(1);
      expect(await store.headPosition()).toBe((await store.readStream(id))[0].globalPosition);
    });

    it('lets exactly one of many concurrent appends at the same revision win', async () => {
      const id = stream();
      await store.append(id, [sampleEvent(0)], { expectedRevision: NO_STREAM });
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => store.append(id, [sampleEvent(i + 1)], { expectedRevision: 0 })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r) => r.status === 'rejected')) {
        expect((r as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevision);
      }
      expect(await store.readStream(id)).toHaveLength(2);
    });

    it('commits many concurrent appends to different streams, each whole, with dense positions', async () => {
      const ids = Array.from({ length: 20 }, () => stream());
      const results = await Promise.all(ids.map((id, i) => store.append(id, [sampleEvent(i), sampleEvent(i + 100)], { expectedRevision: NO_STREAM })));
      const positions = results.flatMap((r) => r.events.map((e) => e.globalPosition)).sort((a, b) => a - b);
      expect(positions).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      for (const [i, id] of ids.entries()) expect((await store.readStream(id)).map((e) => e.data.n)).toEqual([i, i + 100]);
    });

    it('keeps one global order across streams, readable in batches', async () => {
      const a = stream();
      const b = stream();
      await store.append(a, [sampleEvent(1)], { expectedRevision: NO_STREAM });
      await store.append(b, [sampleEvent(2), sampleEvent(3)], { expectedRevision: NO_STREAM });
      await store.append(a, [sampleEvent(4)], { expectedRevision: 0 });
      const all = await store.readAll(0, 100);
      expect(all.map((e) => e.data.n)).toEqual([1, 2, 3, 4]);
      expect(all.map((e) => e.globalPosition)).toEqual([1, 2, 3, 4]);
      expect((await store.readAll(1, 2)).map((e) => e.data.n)).toEqual([2, 3]);
      expect(await store.readAll(4, 10)).toEqual([]);
      expect(await store.headPosition()).toBe(4);
    });

    it('reads for projections the same events as readAll, each with every field of a projected event', async () => {
      // Every key of ProjectedEvent, no more (the compiler checks both ways).
      const projected: { [K in keyof ProjectedEvent]: true } = {
        eventId: true,
        streamId: true,
        revision: true,
        globalPosition: true,
        type: true,
        data: true,
        recordedAt: true,
        actor: true,
        hash: true,
      };
      const fields = Object.keys(projected) as (keyof ProjectedEvent)[];
      const pick = (event: ProjectedEvent) => Object.fromEntries(fields.map((f) => [f, event[f]]));
      const a = stream();
      await store.append(a, [sampleEvent(1), sampleEvent(2)], { expectedRevision: NO_STREAM });
      await store.append(stream(), [sampleEvent(3)], { expectedRevision: NO_STREAM });
      await store.append(a, [sampleEvent(4)], { expectedRevision: 1 });
      const all = await store.readAll(1, 10);
      expect(all.map((e) => e.globalPosition)).toEqual([2, 3, 4]);
      expect((await store.readProjected(1, 10)).map(pick)).toEqual(all.map(pick));
      expect((await store.readProjected(0, 2)).map(pick)).toEqual((await store.readAll(0, 2)).map(pick));
      expect(await store.readProjected(4, 10)).toEqual([]);
    });

    it('never lets recorded-at go backwards in global order', async () => {
      for (let i = 0; i < 5; i++) await store.append(stream(), [sampleEvent(i)], { expectedRevision: NO_STREAM });
      const instants = (await store.readAll(0, 100)).map((e) => e.recordedAt);
      expect([...instants].sort()).toEqual(instants);
    });

    it('reads a stream as it stood at an instant', async () => {
      const id = stream();
      const first = await store.append(id, [sampleEvent(1)], { expectedRevision: NO_STREAM });
      await new Promise((r) => setTimeout(r, 5));
      const second = await store.append(id, [sampleEvent(2)], { expectedRevision: 0 });
      const at = first.events[0].recordedAt;
      expect((await store.readStream(id, { recordedUpTo: at })).map((e) => e.data.n)).toEqual([1]);
      expect(await store.readStream(id, { recordedUpTo: second.events[0].recordedAt })).toHaveLength(2);
      expect(await store.readStream(id, { recordedUpTo: '2000-01-01T00:00:00.000Z' })).toEqual([]);
    });

    it('keeps the event id the writer chose', async () => {
      const id = stream();
      const eventId = '0b9d5c1e-8f3a-4d2b-9c7e-5a1f2e3d4c5b';
      const { events } = await store.append(id, [{ ...sampleEvent(1), eventId }, sampleEvent(2)], { expectedRevision: NO_STREAM });
      expect(events[0].eventId).toBe(eventId);
      expect(events[1].eventId).not.toBe(eventId);
      expect((await store.readStream(id))[0].eventId).toBe(eventId);
    });

    it('reads a stream from a revision on, alone or with an instant', async () => {
      const id = stream();
      for (let i = 0; i < 3; i++) await store.append(id, [sampleEvent(i)], { expectedRevision: i - 1 });
      await new Promise((r) => setTimeout(r, 5));
      await store.append(id, [sampleEvent(3)], { expectedRevision: 2 });
      expect((await store.readStream(id, { fromRevision: 2 })).map((e) => [e.revision, e.data.n])).toEqual([
        [2, 2],
        [3, 3],
      ]);
      expect(await store.readStream(id, { fromRevision: 4 })).toEqual([]);
      expect(await store.readStream(id, { fromRevision: 0 })).toEqual(await store.readStream(id));
      const [third] = await store.readStream(id, { fromRevision: 2 });
      expect((await store.readStream(id, { fromRevision: 1, recordedUpTo: third.recordedAt })).map((e) => e.revision)).toEqual([1, 2]);
      expect(await store.readStream(stream(), { fromRevision: 3 })).toEqual([]);
    });

    it('replays an idempotent append and refuses the key with another request', async () => {
      const id = stream();
      const idempotency = { key: 'li.ming:k-1', requestHash: 'h1' };
      const first = await store.append(id, [sampleEvent(1)], { expectedRevision: NO_STREAM, idempotency });
      const again = await store.append(id, [sampleEvent(1)], { expectedRevision: NO_STREAM, idempotency });
      expect(again.replayed).toBe(true);
      expect(again.events).toEqual(first.events);
      await expect(
        store.append(id, [sampleEvent(9)], { expectedRevision: 'any', idempotency: { key: 'li.ming:k-1', requestHash: 'h2' } }),
      ).rejects.toBeInstanceOf(IdempotencyKeyReused);
      expect(await store.readStream(id)).toHaveLength(1);
      expect(first.events[0].idempotencyKey).toBe('li.ming:k-1');
      expect(await store.findIdempotent('li.ming:k-1')).toEqual({ requestHash: 'h1', events: first.events });
      expect(await store.findIdempotent('never-used')).toBeNull();
    });

    it('appends the same key once even when the same request races', async () => {
      const id = stream();
      const idempotency = { key: 'race', requestHash: 'h' };
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => store.append(id, [sampleEvent(1)], { expectedRevision: 'any', idempotency })));
      expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
      expect(await store.readStream(id)).toHaveLength(1);
    });

    it('seals each event over its content and the previous seal of its stream', async () => {
      const id = stream();
      await store.append(id, [sampleEvent(1)], { expectedRevision: NO_STREAM });
      await store.append(id, [sampleEvent(2)], { expectedRevision: 0 });
      const [a, b] = await store.readStream(id);
      expect(a.previousHash).toBe('0'.repeat(64));
      expect(b.previousHash).toBe(a.hash);
      const { hash, ...rest } = b;
      expect(sealOf(rest, hashAlgorithm)).toBe(hash);
      // The seal is the ledger's algorithm over the canonical JSON of the rest, nothing else.
      expect(hash).toBe(hashHex(hashAlgorithm, canonicalJson(rest)));
      expect(sealOf({ ...rest, data: { n: 3, amount: '2.00' } }, hashAlgorithm)).not.toBe(hash);
    });

    it('has metadata fixed at creation: a ledger id, the hash algorithm, the creation instant', async () => {
      const meta = await store.metadata();
      expect(meta).toEqual({ ledgerId: expect.stringMatching(/^[0-9a-f-]{36}$/), hashAlgorithm, createdAt: expect.stringMatching(/Z$/) });
      await store.append(stream(), [sampleEvent(1)], { expectedRevision: NO_STREAM });
      expect(await store.metadata()).toEqual(meta);
      const other = await open();
      expect((await other.metadata()).ledgerId).not.toBe(meta.ledgerId);
      await other.close();
    });

    it('keeps the Merkle tree of the global order with every append, proofs included', async () => {
      const ids = [stream(), stream(), stream()];
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => store.append(ids[i % 3], [sampleEvent(i)], { expectedRevision: 'any' })));
      await store.append(ids[0], [sampleEvent(98), sampleEvent(99)], { expectedRevision: 'any' });
      expect(results.every((r) => !r.replayed)).toBe(true);
      const all = await store.readAll(0, 100);
      const nodes = (keys: Parameters<EventStore['treeNodes']>[0]) => store.treeNodes(keys);
      const frontier = new Frontier(hashAlgorithm);
      for (const event of all) {
        frontier.append(event.hash);
        expect(await rootAt(hashAlgorithm, event.globalPosition, nodes)).toBe(frontier.root());
      }
      const root = frontier.root();
      for (const event of all) {
        const index = event.globalPosition - 1;
        const path = await inclusionPath(hashAlgorithm, index, all.length, nodes);
        expect(verifyInclusion(hashAlgorithm, { index, size: all.length, leaf: leafHash(hashAlgorithm, event.hash), path }, root)).toBe(true);
      }
      const path = await consistencyPath(hashAlgorithm, 5, all.length, nodes);
      expect(verifyConsistency(hashAlgorithm, { from: 5, to: all.length, path }, await rootAt(hashAlgorithm, 5, nodes), root)).toBe(true);
      await expect(store.treeNodes([{ level: 0, index: all.length }])).rejects.toThrow(RangeError);
    });

    it('tells followers after every append', async () => {
      const seen: number[] = [];
      const stop = store.onAppended((p) => seen.push(p));
      await store.append(stream(), [sampleEvent(1), sampleEvent(2)], { expectedRevision: NO_STREAM });
      stop();
      await store.append(stream(), [sampleEvent(3)], { expectedRevision: NO_STREAM });
      expect(seen).toEqual([2]);
    });

    it('refuses an empty append', async () => {
      await expect(store.append(stream(), [], { expectedRevision: 'any' })).rejects.toThrow();
      expect(await store.headPosition()).toBe(0);
    });
  });
}
