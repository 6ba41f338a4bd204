import { createHash } from 'node:crypto';
import { MemoryEventStore } from '../../event-store/memory/memory-event-store.js';
import type { StoredEvent } from '../../event-store/port.js';
import { GENESIS_HASH, seal } from '../../event-store/seal.js';
import { seedLedger, steppingClock } from '../testing/sample-ledger.js';
import { Frontier } from '../../event-store/merkle/memory-tree.js';
import { emptyRoot } from '../../event-store/merkle/tree.js';
import { GENESIS_DIGEST, nextDigest } from './digest.js';
import { UnreadableEvent, auditLedger, checkStream, describeBroken } from './ledger-check.js';

let ledger: StoredEvent[];
beforeAll(async () => {
  ledger = await seedLedger(new MemoryEventStore(steppingClock()));
});

async function* inBatches(events: readonly StoredEvent[], size = 5): AsyncGenerator<StoredEvent[]> {
  for (let i = 0; i < events.length; i += size) yield events.slice(i, i + size);
}

const copy = () => structuredClone(ledger);

describe('auditLedger', () => {
  it('passes an untouched ledger and returns the digest of the whole chain', async () => {
    const progress: number[] = [];
    const result = await auditLedger(inBatches(ledger), { onProgress: (n) => progress.push(n) });
    const tree = new Frontier('sha256');
    for (const e of ledger) tree.append(e.hash);
    expect(result).toEqual({
      ok: true,
      eventsChecked: 12,
      firstBroken: null,
      position: 12,
      digest: tree.root(),
      chainDigest: ledger.reduce((d, e) => nextDigest(d, e.hash), GENESIS_DIGEST),
      hashAlgorithm: 'sha256',
    });
    expect(progress).toEqual([5, 10, 12]);
  });

  it('gives the empty ledger the genesis digest', async () => {
    expect(await auditLedger(inBatches([]))).toEqual({
      ok: true,
      eventsChecked: 0,
      firstBroken: null,
      position: 0,
      digest: emptyRoot('sha256'),
      chainDigest: GENESIS_DIGEST,
      hashAlgorithm: 'sha256',
    });
  });

  it('chains the digest over the raw bytes of the previous digest and the seal', () => {
    const seal = 'ab'.repeat(32);
    const expected = createHash('sha256')
      .update(Buffer.from(GENESIS_DIGEST + seal, 'hex'))
      .digest('hex');
    expect(nextDigest(GENESIS_DIGEST, seal)).toBe(expected);
  });

  /** Swaps what two rows hold while each keeps its place in the global order, as a swap inside the file would. */
  const swapPlaces = (e: StoredEvent[], a: number, b: number) => {
    [e[a], e[b]] = [
      { ...e[b], globalPosition: e[a].globalPosition },
      { ...e[a], globalPosition: e[b].globalPosition },
    ];
    return e;
  };
  type Case = [what: string, tamper: (events: StoredEvent[]) => StoredEvent[], streamId: string, revision: number, reason: RegExp, globalPosition: number];
  const cases: Case[] = [
    ['changed data', (e) => ((e[3].data.bankReference = 'BOC-9999'), e), 'project-p1', 2, /no longer match its seal/, 4],
    ['changed metadata', (e) => ((e[6].actor = 'mallory'), e), 'project-p1', 3, /no longer match its seal/, 7],
    ['a deleted event', (e) => e.filter((x) => x.globalPosition !== 5), 'project-p3', 0, /global position 5 is missing/, 6],
    ['two deleted events', (e) => e.filter((x) => x.globalPosition !== 5 && x.globalPosition !== 6), 'project-p1', 3, /5–6 are missing/, 7],
    ['two events swapped', (e) => swapPlaces(e, 2, 7), 'project-p2', 2, /revision 2 follows revision 0/, 3],
    ['a repeated event', (e) => [...e.slice(0, 4), e[3], ...e.slice(4)], 'project-p1', 2, /position 4 comes after 4/, 4],
    ['an instant going back', (e) => ((e[8].recordedAt = '2026-01-01T00:00:00.000Z'), e), 'project-p3', 1, /recorded at 2026-01-01T00:00:00.000Z, before/, 9],
  ];
  it.each(cases)('names the place of %s', async (_, tamper, streamId, revision, reason, globalPosition) => {
    const result = await auditLedger(inBatches(tamper(copy())));
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual({ streamId, revision, globalPosition, reason: expect.stringMatching(reason) });
  });

  it('catches a resealed event whose stream chain no longer holds', async () => {
    // An attacker who reseals a rewritten event still cannot make the next event of its stream point to it.
    const events = copy();
    const { hash: _, ...unsealed } = events[3];
    events[3] = seal({ ...unsealed, data: { ...unsealed.data, bankReference: 'BOC-9999' } }, 'sha256');
    const result = await auditLedger(inBatches(events));
    expect(result.firstBroken).toMatchObject({ streamId: 'project-p1', revision: 3, globalPosition: 7, reason: /not the seal of revision 2/ });
  });

  it('catches a forged stream that does not start at revision 0 or from the genesis hash', async () => {
    const forged = (revision: number, previousHash: string) =>
      seal({ ...ledger[0], eventId: 'forged', streamId: 'project-x', revision, globalPosition: 13, recordedAt: ledger[11].recordedAt, previousHash }, 'sha256');
    expect((await auditLedger(inBatches([...ledger, forged(1, GENESIS_HASH)]))).firstBroken?.reason).toMatch(/starts at revision 1/);
    expect((await auditLedger(inBatches([...ledger, forged(0, ledger[0].hash)]))).firstBroken?.reason).toMatch(/genesis/);
  });

  it('reports an event the source cannot decode, after the last one it could', async () => {
    async function* failing(): AsyncGenerator<StoredEvent[]> {
      yield ledger.slice(0, 3);
      throw new UnreadableEvent(3, new SyntaxError('Unexpected token'));
    }
    const result = await auditLedger(failing());
    expect(result).toMatchObject({ ok: false, eventsChecked: 3, position: 3 });
    expect(result.firstBroken).toEqual({
      streamId: null,
      revision: null,
      globalPosition: 4,
      reason: expect.stringMatching(/after global position 3 cannot be read: Unexpected token/),
    });
    expect(describeBroken(result.firstBroken!)).toMatch(/^\(global position 4\)/);
  });

  it('lets other failures of the source through', async () => {
    const failing = (): AsyncIterable<StoredEvent[]> => ({
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('disk gone')) }),
    });
    await expect(auditLedger(failing())).rejects.toThrow('disk gone');
  });
});

describe('checkStream', () => {
  it('holds for a whole stream and names the first broken event of a tampered one', () => {
    const p3 = ledger.filter((e) => e.streamId === 'project-p3');
    expect(checkStream(p3)).toBeNull();
    const tampered = structuredClone(p3);
    tampered[2].data.bankReference = 'ICBC-78';
    expect(checkStream(tampered)).toMatchObject({ streamId: 'project-p3', revision: 2, reason: /no longer match its seal/ });
    expect(describeBroken(checkStream(tampered)!)).toMatch(/^stream project-p3 revision 2 \(global position 10\): /);
  });
});
