import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleEvent } from '../contract/event-store-contract.js';
import { MemoryEventStore } from '../memory/memory-event-store.js';
import { NO_STREAM, type StoredEvent } from '../port.js';
import { SqliteEventStore } from '../sqlite/sqlite-event-store.js';
import { copyLedger, LedgerCopyError, type LedgerSource } from './migrate.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const sqlite = () => new SqliteEventStore(join(dir, `ledger-${n++}.sqlite`));

async function fill(store: SqliteEventStore | MemoryEventStore): Promise<void> {
  await store.append('project-p1', [sampleEvent(1), sampleEvent(2)], { expectedRevision: NO_STREAM });
  await store.append('project-p2', [sampleEvent(3)], { expectedRevision: NO_STREAM, idempotency: { key: 'li.ming:k-1', requestHash: 'h1' } });
  await store.append('project-p1', [sampleEvent(4)], { expectedRevision: 1 });
  for (let i = 5; i <= 12; i++) await store.append(`township-t${i % 3}`, [sampleEvent(i)], { expectedRevision: 'any' });
}

describe('copyLedger', () => {
  it('copies a SQLite ledger into another store and back, every event and seal exactly', async () => {
    const original = sqlite();
    await fill(original);
    const middle = new MemoryEventStore();
    expect(await copyLedger(original, middle, { batchSize: 5 })).toEqual({ copied: 12, alreadyThere: 0, head: 12 });
    const back = sqlite();
    expect(await copyLedger(middle, back, { batchSize: 5 })).toEqual({ copied: 12, alreadyThere: 0, head: 12 });
    expect(await back.readAll(0, 100)).toEqual(await original.readAll(0, 100));
    expect(await back.readStream('project-p1')).toEqual(await original.readStream('project-p1'));
    // The copy is a working ledger: it chains new events onto the copied seals.
    const next = await back.append('project-p1', [sampleEvent(13)], { expectedRevision: 2 });
    expect(next.events[0]).toMatchObject({ revision: 3, globalPosition: 13, previousHash: (await original.readStream('project-p1'))[2].hash });
    await Promise.all([original.close(), back.close()]);
  });

  it('resumes an interrupted copy after what the target already holds', async () => {
    const original = new MemoryEventStore();
    await fill(original);
    const target = sqlite();
    await target.importSealed(await original.readAll(0, 4));
    expect(await copyLedger(original, target, { batchSize: 3 })).toEqual({ copied: 8, alreadyThere: 4, head: 12 });
    expect(await target.readAll(0, 100)).toEqual(await original.readAll(0, 100));
    await target.close();
  });

  it('refuses a target that holds another ledger', async () => {
    const original = new MemoryEventStore();
    await fill(original);
    const other = new MemoryEventStore();
    await other.append('project-p1', [sampleEvent(1)], { expectedRevision: NO_STREAM });
    await expect(copyLedger(original, other)).rejects.toThrow(/differs from the source \(memory\) at position 1/);
  });

  it('refuses a target that holds more than the source', async () => {
    const original = new MemoryEventStore();
    await original.append('project-p1', [sampleEvent(1)], { expectedRevision: NO_STREAM });
    const bigger = new MemoryEventStore();
    await bigger.importSealed(await original.readAll(0, 1));
    await bigger.append('project-p1', [sampleEvent(2)], { expectedRevision: 0 });
    await expect(copyLedger(original, bigger)).rejects.toBeInstanceOf(LedgerCopyError);
  });

  it('notices a target that does not keep what it was given', async () => {
    const original = new MemoryEventStore();
    await fill(original);
    const lossy = new MemoryEventStore();
    const forgetful = {
      kind: 'lossy',
      metadata: () => lossy.metadata(),
      headPosition: () => lossy.headPosition(),
      readAll: (after: number, limit: number) => lossy.readAll(after, limit),
      importSealed: (events: StoredEvent[]) => lossy.importSealed(events.map((e) => ({ ...e, recordedAt: e.recordedAt.slice(0, 19) }))),
    };
    await expect(copyLedger(original, forgetful)).rejects.toThrow(/differs from the source/);
  });

  it('refuses a target that seals with another hash algorithm', async () => {
    const original = new MemoryEventStore();
    await fill(original);
    await expect(copyLedger(original, new MemoryEventStore(undefined, { hashAlgorithm: 'sm3' }))).rejects.toThrow(
      /seals with sha256, the target \(memory\) with sm3/,
    );
  });

  it('copies an empty ledger as empty', async () => {
    const empty: LedgerSource = new MemoryEventStore();
    expect(await copyLedger(empty, new MemoryEventStore())).toEqual({ copied: 0, alreadyThere: 0, head: 0 });
  });
});
