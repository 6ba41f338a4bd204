/**
 * Issue 17, "what was seen": a missing, emptied or older store next to newer read models. Each case must
 * end with read models built from the store in use — rebuilt, and saying why — never a mix of both.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sampleEvent } from '../event-store/contract/event-store-contract.js';
import { SqliteEventStore, type ProjectedEvent } from '../event-store/index.js';
import type { Projection, ReadDb } from './projection.js';
import { Projector } from './projector.js';

/** Sums the events' n per stream: a read model that shows money from events, like a statement. */
class Totals implements Projection {
  readonly name = 'totals';
  readonly version = 1;
  readonly tables = ['totals'] as const;
  setup(db: ReadDb): void {
    db.exec('CREATE TABLE IF NOT EXISTS totals (stream_id TEXT PRIMARY KEY, total INTEGER NOT NULL)');
  }
  apply(event: ProjectedEvent, db: ReadDb): void {
    db.prepare('INSERT INTO totals VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET total = total + excluded.total').run(event.streamId, event.data.n);
  }
}

const root = mkdtempSync(join(tmpdir(), 'ledger-identity-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

interface Ledger {
  storeFile: string;
  readFile: string;
}

/** Opens store and read models as the server does at start: attach, then serve. */
async function start({
  storeFile,
  readFile,
}: Ledger): Promise<{ store: SqliteEventStore; db: Database.Database; projector: Projector; rebuilt: string | null }> {
  const store = new SqliteEventStore(storeFile);
  const db = new Database(readFile);
  const projector = new Projector(store, db, [new Totals()]);
  const rebuilt = await projector.attach();
  await projector.catchUp();
  return { store, db, projector, rebuilt };
}

async function stop(running: { store: SqliteEventStore; db: Database.Database }): Promise<void> {
  await running.store.close();
  running.db.close();
}

const totals = (db: Database.Database) => db.prepare('SELECT stream_id, total FROM totals ORDER BY stream_id').all();

/** A ledger of `events` events (n = 1, 2, …) on two streams, projected, then stopped. */
async function ledgerOf(events: number): Promise<Ledger> {
  const dir = join(root, `d${dirs++}`);
  mkdirSync(dir);
  const ledger = { storeFile: join(dir, 'ledger.sqlite'), readFile: join(dir, 'read-models.sqlite') };
  const running = await start(ledger);
  await append(running.store, 1, events);
  await running.projector.catchUp();
  await stop(running);
  return ledger;
}

async function append(store: SqliteEventStore, from: number, to: number): Promise<void> {
  for (let n = from; n <= to; n++) await store.append(n % 2 ? 'a' : 'b', [sampleEvent(n)], { expectedRevision: 'any' });
}

/** Copies the stopped store aside, then runs the ledger on with events n = from…to: the copy is older. */
async function copyAsideThenGrow(ledger: Ledger, from: number, to: number): Promise<string> {
  const older = `${ledger.storeFile}.older`;
  copyFileSync(ledger.storeFile, older);
  const grown = await start(ledger);
  await append(grown.store, from, to);
  await grown.projector.catchUp();
  await stop(grown);
  return older;
}

/** What the read models would be if built from this store alone. */
async function rebuiltFrom(storeFile: string): Promise<unknown[]> {
  const store = new SqliteEventStore(storeFile);
  const db = new Database(':memory:');
  await new Projector(store, db, [new Totals()]).catchUp();
  const out = totals(db);
  await store.close();
  db.close();
  return out;
}

describe('ledger identity between the store and the read models', () => {
  it('serves the same ledger on restart without rebuilding', async () => {
    const ledger = await ledgerOf(6);
    const running = await start(ledger);
    expect(running.rebuilt).toBeNull();
    expect(totals(running.db)).toEqual([
      { stream_id: 'a', total: 9 },
      { stream_id: 'b', total: 12 },
    ]);
    const row = running.db.prepare('SELECT ledger_id, seal FROM projection_checkpoints').get() as { ledger_id: string; seal: string };
    expect(row.ledger_id).toBe((await running.store.metadata()).ledgerId);
    expect(row.seal).toBe((await running.store.readAll(5, 1))[0].hash);
    await stop(running);
  });

  it('store deleted: a new empty ledger is not served beside the old read models; new writes are read', async () => {
    const ledger = await ledgerOf(6);
    unlinkSync(ledger.storeFile);
    const running = await start(ledger);
    expect(running.rebuilt).toMatch(/^the read models were built from ledger [0-9a-f-]{36}; the event store is ledger [0-9a-f-]{36} \(head 0\)$/);
    expect(totals(running.db)).toEqual([]);
    await append(running.store, 100, 100);
    await running.projector.catchUp();
    expect(totals(running.db)).toEqual([{ stream_id: 'b', total: 100 }]);
    await stop(running);
  });

  it('store truncated to nothing: the same', async () => {
    const ledger = await ledgerOf(4);
    writeFileSync(ledger.storeFile, '');
    for (const suffix of ['-wal', '-shm']) rmSync(`${ledger.storeFile}${suffix}`, { force: true });
    const running = await start(ledger);
    expect(running.rebuilt).toMatch(/the event store is ledger .* \(head 0\)$/);
    expect(totals(running.db)).toEqual([]);
    await stop(running);
  });

  it('store replaced by an older copy: read models past the head are rebuilt from the copy, and new writes are read', async () => {
    const ledger = await ledgerOf(4);
    const older = await copyAsideThenGrow(ledger, 5, 8);
    copyFileSync(older, ledger.storeFile);
    const running = await start(ledger);
    expect(running.rebuilt).toBe("read model totals has applied up to position 8, past the event store's head 4: the store is older or truncated");
    expect(totals(running.db)).toEqual(await rebuiltFrom(ledger.storeFile));
    expect(totals(running.db)).toEqual([
      { stream_id: 'a', total: 4 },
      { stream_id: 'b', total: 6 },
    ]);
    await append(running.store, 50, 50);
    await running.projector.catchUp();
    expect(totals(running.db)).toEqual([
      { stream_id: 'a', total: 4 },
      { stream_id: 'b', total: 56 },
    ]);
    await stop(running);
  });

  it('store replaced by an older copy that has since grown another history: caught by the seal at the checkpoint', async () => {
    const ledger = await ledgerOf(3);
    const older = await copyAsideThenGrow(ledger, 4, 6);
    // The copy is written to on its own (same ledger id) up to past the read models' position.
    const copy = new SqliteEventStore(older);
    await append(copy, 40, 44);
    await copy.close();
    copyFileSync(older, ledger.storeFile);
    for (const suffix of ['-wal', '-shm']) rmSync(`${ledger.storeFile}${suffix}`, { force: true });
    const running = await start(ledger);
    expect(running.rebuilt).toBe('the event at position 6 is not the one read model totals applied: the store holds another history');
    expect(totals(running.db)).toEqual(await rebuiltFrom(ledger.storeFile));
    await stop(running);
  });

  it('read models written before ledger ids get the id on the first start, and are kept', async () => {
    const ledger = await ledgerOf(2);
    const db = new Database(ledger.readFile);
    db.exec('ALTER TABLE projection_checkpoints DROP COLUMN ledger_id; ALTER TABLE projection_checkpoints DROP COLUMN seal;');
    db.close();
    const running = await start(ledger);
    expect(running.rebuilt).toBeNull();
    expect(totals(running.db)).toEqual([
      { stream_id: 'a', total: 1 },
      { stream_id: 'b', total: 2 },
    ]);
    expect(running.db.prepare('SELECT ledger_id FROM projection_checkpoints').get()).toEqual({ ledger_id: (await running.store.metadata()).ledgerId });
    await stop(running);
  });
});
