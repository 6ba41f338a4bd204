import Database from 'better-sqlite3';
import { MemoryEventStore, NO_STREAM, type ProjectedEvent } from '../event-store/index.js';
import { sampleEvent } from '../event-store/contract/event-store-contract.js';
import { inScope, type Projection, type ReadDb, type TransactionScope } from './projection.js';
import { Projector, ReadSideUnavailable } from './projector.js';

/** Counts events per stream; `failOn` makes it throw on one event number, as a buggy projection would. */
class CountingProjection implements Projection {
  readonly tables: readonly string[] = ['counts'];
  failOn: number | null = null;
  constructor(
    readonly name = 'counts',
    readonly version = 1,
  ) {}
  setup(db: ReadDb): void {
    db.exec('CREATE TABLE IF NOT EXISTS counts (stream_id TEXT PRIMARY KEY, n INTEGER NOT NULL)');
  }
  apply(event: ProjectedEvent, db: ReadDb): void {
    if (event.data.n === this.failOn) throw new Error(`cannot apply ${event.data.n}`);
    db.prepare('INSERT INTO counts (stream_id, n) VALUES (?, 1) ON CONFLICT (stream_id) DO UPDATE SET n = n + 1').run(event.streamId);
  }
}

/** The same with a secondary index, noting whether it exists as each event is applied. */
class IndexedCountingProjection extends CountingProjection {
  readonly indexed: boolean[] = [];
  override setup(db: ReadDb): void {
    super.setup(db);
    db.exec('CREATE INDEX IF NOT EXISTS counts_n ON counts (n)');
  }
  override apply(event: ProjectedEvent, db: ReadDb): void {
    this.indexed.push(hasIndex(db));
    super.apply(event, db);
  }
}

/** The same, noting the size of each batch it is given. */
class BatchRecordingProjection extends CountingProjection {
  readonly batches: number[] = [];
  applyBatch(events: readonly ProjectedEvent[], db: ReadDb): void {
    this.batches.push(events.length);
    for (const event of events) this.apply(event, db);
  }
}

/** The same with a derived row left to `settle`: the sum of the counts. Notes each sum it settled; `failSettles` makes that many settles throw. */
class SettlingProjection extends CountingProjection {
  override readonly tables: readonly string[] = ['counts', 'counts_total'];
  readonly settles: number[] = [];
  failSettles = 0;
  override setup(db: ReadDb): void {
    super.setup(db);
    db.exec('CREATE TABLE IF NOT EXISTS counts_total (total INTEGER NOT NULL)');
  }
  settle(db: ReadDb): void {
    if (this.failSettles > 0 && this.failSettles--) throw new Error('cannot settle');
    const total = (db.prepare('SELECT coalesce(sum(n), 0) AS total FROM counts').get() as { total: number }).total;
    db.prepare('DELETE FROM counts_total').run();
    db.prepare('INSERT INTO counts_total (total) VALUES (?)').run(total);
    this.settles.push(total);
  }
}

const settledTotal = (db: ReadDb) => (db.prepare('SELECT total FROM counts_total').get() as { total: number } | undefined)?.total;

/** `db` counting the transactions opened on it. */
function countingTransactions(db: ReadDb): { db: ReadDb; opened: () => number } {
  let opened = 0;
  const counted = new Proxy(db, {
    get(target, property) {
      if (property === 'transaction') opened++;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: counted, opened: () => opened };
}

const hasIndex = (db: ReadDb) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'counts_n'").get() !== undefined;

const counts = (db: ReadDb) => db.prepare('SELECT stream_id, n FROM counts ORDER BY stream_id').all();

/**
 * Sums the events' numbers per stream in memory over a transaction and writes each stream's row once at its
 * end (as project-status holds summaries); `writes` counts the rows written, `failOn` throws on one event.
 */
class HoldingProjection implements Projection {
  readonly name = 'sums';
  readonly version = 1;
  readonly tables = ['sums'];
  writes = 0;
  failOn: number | null = null;
  setup(db: ReadDb): void {
    db.exec('CREATE TABLE IF NOT EXISTS sums (stream_id TEXT PRIMARY KEY, total INTEGER NOT NULL)');
  }
  apply(event: ProjectedEvent, db: ReadDb): void {
    this.applyBatch([event], db);
  }
  applyBatch(events: readonly ProjectedEvent[], db: ReadDb, scope?: TransactionScope): void {
    inScope(scope, (transaction) => this.sum(events, db, transaction));
  }
  private sum(events: readonly ProjectedEvent[], db: ReadDb, scope: TransactionScope): void {
    const held = scope.hold(
      this,
      () => new Map<string, number>(),
      (sums) => {
        for (const [stream, total] of sums) db.prepare('INSERT OR REPLACE INTO sums (stream_id, total) VALUES (?, ?)').run(stream, total);
        this.writes += sums.size;
      },
    );
    for (const event of events) {
      if (event.data.n === this.failOn) throw new Error(`cannot apply ${event.data.n}`);
      const before =
        held.get(event.streamId) ?? (db.prepare('SELECT total FROM sums WHERE stream_id = ?').get(event.streamId) as { total: number } | undefined)?.total ?? 0;
      held.set(event.streamId, before + (event.data.n as number));
    }
  }
}

async function ledger(events: number): Promise<MemoryEventStore> {
  const store = new MemoryEventStore();
  for (let i = 0; i < events; i++) await store.append(`s${i % 3}`, [sampleEvent(i)], { expectedRevision: 'any' });
  return store;
}

describe('Projector', () => {
  it('applies every event once, in order, across batches, and keeps the checkpoint with the data', async () => {
    const store = await ledger(10);
    const db = new Database(':memory:');
    const projector = new Projector(store, db, [new CountingProjection()], { batchSize: 3 });
    await projector.catchUp();
    expect(counts(db)).toEqual([
      { stream_id: 's0', n: 4 },
      { stream_id: 's1', n: 3 },
      { stream_id: 's2', n: 3 },
    ]);
    expect(projector.positions()).toEqual({ counts: 10 });
    // A second projector over the same read database resumes from the checkpoint: nothing twice.
    await store.append('s0', [sampleEvent(10)], { expectedRevision: 'any' });
    await new Projector(store, db, [new CountingProjection()]).catchUp();
    expect(counts(db)[0]).toEqual({ stream_id: 's0', n: 5 });
  });

  it('lets a writer wait until its append is in every read model', async () => {
    const store = await ledger(0);
    const db = new Database(':memory:');
    const projector = new Projector(store, db, [new CountingProjection()]);
    projector.start();
    const { events } = await store.append('s9', [sampleEvent(1)], { expectedRevision: NO_STREAM });
    await projector.waitFor(events[0].globalPosition);
    expect(counts(db)).toEqual([{ stream_id: 's9', n: 1 }]);
    projector.stop();
  });

  it('rolls a failing batch back whole and fails the waiters instead of skipping the event', async () => {
    const store = await ledger(5);
    const db = new Database(':memory:');
    const failing = new CountingProjection();
    failing.failOn = 3;
    const projector = new Projector(store, db, [failing], { batchSize: 10 });
    await expect(projector.waitFor(5)).rejects.toThrow('cannot apply 3');
    expect(counts(db)).toEqual([]);
    expect(projector.positions()).toEqual({ counts: 0 });
  });

  it('reports a failure, refuses writers while it lasts, retries by itself and clears it once a pass applies', async () => {
    const store = await ledger(5);
    const db = new Database(':memory:');
    const flaky = new CountingProjection();
    flaky.failOn = 3;
    const projector = new Projector(store, db, [flaky], { retryMs: 1, maxRetryMs: 5 });
    projector.start();
    await expect(projector.waitFor(5)).rejects.toBeInstanceOf(ReadSideUnavailable);
    expect(projector.failure()).toEqual({ failedAt: expect.any(String), error: 'cannot apply 3' });
    expect(() => projector.assertFollowing()).toThrow(ReadSideUnavailable);
    flaky.failOn = null;
    while (projector.failure()) await new Promise((resolve) => setTimeout(resolve, 2));
    expect(projector.positions()).toEqual({ counts: 5 });
    expect(() => projector.assertFollowing()).not.toThrow();
    await expect(projector.waitFor(5)).resolves.toBeUndefined();
    projector.stop();
  });

  it('a rebuild that fails says so', async () => {
    const store = await ledger(5);
    const failing = new CountingProjection();
    failing.failOn = 2;
    await expect(new Projector(store, new Database(':memory:'), [failing]).rebuild()).rejects.toThrow(/cannot apply 2/);
  });

  it('rebuilds a read model from zero to the same content', async () => {
    const store = await ledger(7);
    const db = new Database(':memory:');
    const projector = new Projector(store, db, [new CountingProjection()]);
    await projector.catchUp();
    const live = projector.dump('counts');
    db.exec('UPDATE counts SET n = 99');
    const seen: number[] = [];
    await projector.rebuild(['counts'], { onProgress: (position) => seen.push(position) });
    expect(projector.dump('counts')).toEqual(live);
    expect(seen.at(-1)).toBe(7);
    await expect(projector.rebuild(['nope'])).rejects.toThrow('unknown read model: nope');
  });

  it('an append while a rebuild replays joins the replay, not a second pass beside it', async () => {
    const store = await ledger(6);
    const db = new Database(':memory:');
    const projection = new BatchRecordingProjection();
    const projector = new Projector(store, db, [projection], { rebuildBatchSize: 2 });
    projector.start();
    await projector.catchUp();
    projection.batches.length = 0;
    let appended: Promise<unknown> | null = null;
    await projector.rebuild([], {
      onProgress: () => {
        appended ??= store.append('s0', [sampleEvent(6)], { expectedRevision: 'any' });
      },
    });
    await appended;
    await projector.catchUp();
    projector.stop();
    // One pass at a time: the replay's batches of two, the appended event among them (a pass beside it would take the rest at once).
    expect(projection.batches).toEqual([2, 2, 2, 1]);
    expect(counts(db)).toEqual([
      { stream_id: 's0', n: 3 },
      { stream_id: 's1', n: 2 },
      { stream_id: 's2', n: 2 },
    ]);
  });

  it('creates secondary indexes after a rebuild replays, and again on the next start after an interrupted one', async () => {
    const store = await ledger(6);
    const db = new Database(':memory:');
    const projection = new IndexedCountingProjection();
    const projector = new Projector(store, db, [projection], { rebuildBatchSize: 2, rebuildCommitEvery: 4 });
    await projector.catchUp();
    const live = projector.dump('counts');
    projection.indexed.length = 0;
    await projector.rebuild();
    expect(projection.indexed).toEqual([false, false, false, false, false, false]);
    expect(hasIndex(db)).toBe(true);
    expect(projector.dump('counts')).toEqual(live);

    projection.failOn = 4;
    await expect(projector.rebuild()).rejects.toThrow(/cannot apply 4/);
    expect(hasIndex(db)).toBe(true);
    // A crash in the middle leaves what the failed transaction's rollback left (events 0–3 were committed before it), without the
    // index: the next start creates it and resumes.
    db.exec('DROP INDEX counts_n');
    expect(projector.positions()).toEqual({ counts: 4 });
    projection.failOn = null;
    await new Projector(store, db, [projection]).catchUp();
    expect(hasIndex(db)).toBe(true);
    expect(projector.dump('counts')).toEqual(live);
  });

  it('holds what a projection keeps in its scope over a rebuild transaction of several reads, and writes it once per transaction', async () => {
    const store = await ledger(9);
    const live = new Projector(store, new Database(':memory:'), [new HoldingProjection()], { batchSize: 1 });
    await live.catchUp();
    const projection = new HoldingProjection();
    const db = new Database(':memory:');
    const projector = new Projector(store, db, [projection], { rebuildBatchSize: 2, rebuildCommitEvery: 4 });
    await projector.rebuild();
    expect(projector.dump('sums')).toEqual(live.dump('sums'));
    // Transactions of events 0–3, 4–7 and 8: three streams written in each of the first two, one in the last.
    expect(projection.writes).toBe(7);

    // A transaction that fails drops what it held: nothing of events 4–7 is written, the rows stand as 0–3 left them.
    projection.failOn = 6;
    await expect(projector.rebuild()).rejects.toThrow(/cannot apply 6/);
    expect(projector.positions()).toEqual({ sums: 4 });
    expect(projector.dump('sums').sums).toEqual([
      { stream_id: 's0', total: 0 + 3 },
      { stream_id: 's1', total: 1 },
      { stream_id: 's2', total: 2 },
    ]);
    projection.failOn = null;
    await new Projector(store, db, [projection]).catchUp();
    expect(projector.dump('sums')).toEqual(live.dump('sums'));
  });

  it('replays a projection whose version changed, and only that one', async () => {
    const store = await ledger(4);
    const db = new Database(':memory:');
    await new Projector(store, db, [new CountingProjection('counts', 1)]).catchUp();
    db.exec('UPDATE counts SET n = 99');
    const upgraded = new Projector(store, db, [new CountingProjection('counts', 2)]);
    expect(upgraded.positions()).toEqual({ counts: 0 });
    await upgraded.catchUp();
    expect(counts(db)).toEqual([
      { stream_id: 's0', n: 2 },
      { stream_id: 's1', n: 1 },
      { stream_id: 's2', n: 1 },
    ]);
  });

  it('settles once at the end of a multi-batch rebuild, before it returns', async () => {
    const store = await ledger(7);
    const db = new Database(':memory:');
    const projection = new SettlingProjection();
    const projector = new Projector(store, db, [projection], { rebuildBatchSize: 2 });
    await projector.rebuild();
    // Batches of 2, 2, 2 and 1: the last reaches the head and settles in its transaction.
    expect(projection.settles).toEqual([7]);
    expect(settledTotal(db)).toBe(7);

    // The last batch full: the empty read after it finds the head, and the pass settles on its own.
    await store.append('s0', [sampleEvent(7)], { expectedRevision: 'any' });
    projection.settles.length = 0;
    await projector.rebuild();
    expect(projection.settles).toEqual([8]);
    expect(settledTotal(db)).toBe(8);
  });

  it('settles a live write in the transaction that applies it: no extra transaction per write', async () => {
    const store = await ledger(0);
    const { db, opened } = countingTransactions(new Database(':memory:'));
    const projection = new SettlingProjection();
    const projector = new Projector(store, db, [projection]);
    projector.start();
    await projector.catchUp();
    const before = opened();
    for (let i = 0; i < 3; i++) {
      const { events } = await store.append('s0', [sampleEvent(i)], { expectedRevision: 'any' });
      await projector.waitFor(events[0].globalPosition);
      expect(settledTotal(db)).toBe(i + 1);
    }
    projector.stop();
    expect(projection.settles).toEqual([1, 2, 3]);
    expect(opened() - before).toBe(3);
  });

  it('answers a waiter only after the settle that covers its position', async () => {
    const store = await ledger(0);
    const db = new Database(':memory:');
    const projection = new SettlingProjection();
    const projector = new Projector(store, db, [projection], { batchSize: 2 });
    projector.start();
    await projector.catchUp();
    const { events } = await store.append(
      's0',
      [0, 1, 2, 3, 4].map((n) => sampleEvent(n)),
      { expectedRevision: 'any' },
    );
    const seen: (number | undefined)[] = [];
    await Promise.all(events.map((e) => projector.waitFor(e.globalPosition).then(() => seen.push(settledTotal(db)))));
    projector.stop();
    // Batches of 2, 2 and 1: the first two are applied unsettled, and no waiter is answered before the settle.
    expect(seen).toEqual([5, 5, 5, 5, 5]);
    expect(projection.settles).toEqual([5]);
    expect(projector.appliedPosition()).toBe(5);
  });

  it('settles on the next start what a pass applied but could not settle, and refuses its waiters meanwhile', async () => {
    const store = await ledger(6);
    const db = new Database(':memory:');
    const crashing = new SettlingProjection();
    crashing.failSettles = 1;
    const projector = new Projector(store, db, [crashing], { batchSize: 3 });
    await expect(projector.waitFor(6)).rejects.toThrow('cannot settle');
    // Both full batches are committed with their checkpoints: only the settle after them is missing.
    expect(projector.positions()).toEqual({ counts: 6 });
    expect(settledTotal(db)).toBeUndefined();

    const restarted = new SettlingProjection();
    await new Projector(store, db, [restarted]).catchUp();
    expect(restarted.settles).toEqual([6]);
    expect(settledTotal(db)).toBe(6);
  });

  it('refuses two projections with one name', () => {
    expect(() => new Projector(new MemoryEventStore(), new Database(':memory:'), [new CountingProjection(), new CountingProjection()])).toThrow(
      'projection names must be unique',
    );
  });
});
