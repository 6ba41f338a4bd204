/**
 * Feeds every registered projection from the event store in global order. Each batch is applied in
 * one read-model transaction together with the checkpoints, so a crash replays nothing twice and
 * loses nothing. Writers call `waitFor(position)` so their caller reads its own write. Projections
 * with derived rows to settle (`Projection.settle`) are settled once a pass reaches the store's head,
 * and only then are waiters answered.
 *
 * A batch that fails (disk full, an I/O error, a lock held elsewhere, a projection bug) is rolled back
 * whole; the projector then reports its failure (`failure()`, which /health shows) and retries with
 * a doubling delay until a pass succeeds, when the failure clears by itself: no restart needed.
 */
import type { EventStore, ProjectedEvent } from '../event-store/index.js';
import { addIdentityColumns, identityMismatch, stampLedgerId } from './identity.js';
import { TransactionScope, type Projection, type ReadDb } from './projection.js';

/** The read database's page cache while rebuilding (negative: KiB), so a batch's pages stay in memory until its commit. */
const REBUILD_CACHE_KIB = -64 * 1024;

const CHECKPOINT_DDL = `CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name TEXT PRIMARY KEY, position INTEGER NOT NULL, version INTEGER NOT NULL)`;

export interface ProjectorOptions {
  batchSize?: number;
  /** Events per read while `rebuild` replays from zero (default 10,000). */
  rebuildBatchSize?: number;
  /**
   * Events per transaction while `rebuild` replays from zero (default 200,000, several reads): what
   * projections hold in the transaction's scope is written once per transaction, not once per read.
   */
  rebuildCommitEvery?: number;
  /** First retry delay after a failure, doubled on each further failure up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Called while rebuilding, for progress bars. */
  onProgress?: (position: number, head: number) => void;
}

/** The read side's failure as /health reports it. */
export interface ProjectorFailure {
  failedAt: string;
  error: string;
}

/** The read models cannot follow the store right now; the write was refused before anything was appended. */
export class ReadSideUnavailable extends Error {
  constructor(readonly failure: ProjectorFailure) {
    super(`the read models are not following the ledger (since ${failure.failedAt}: ${failure.error}); nothing was recorded, retry later`);
    this.name = 'ReadSideUnavailable';
  }
}

export class Projector {
  private running: Promise<void> | null = null;
  private again = false;
  private readonly waiters: { position: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private failed: ProjectorFailure | null = null;
  private failures = 0;
  private retry: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly batchSize: number;
  private readonly rebuildBatchSize: number;
  private readonly rebuildCommitEvery: number;
  /** The store's ledger id once attached; stamped on every checkpoint row. */
  private ledgerId: string | null = null;
  /** The read database as projections see it: the same connection, each SQL text prepared once. */
  private readonly projected: ReadDb;
  private readonly statements = new Map<string, ReturnType<ReadDb['prepare']>>();
  private readonly retryMs: number;
  private readonly maxRetryMs: number;
  /**
   * The checkpoint the last settle covered: waiters are answered up to it. 0 after a start or a reset,
   * so the first pass settles whatever a crash left between a batch and its settle.
   */
  private settledAt = 0;

  constructor(
    private readonly store: EventStore,
    readonly db: ReadDb,
    readonly projections: readonly Projection[],
    options: ProjectorOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 2000;
    this.rebuildBatchSize = options.rebuildBatchSize ?? 10_000;
    this.rebuildCommitEvery = Math.max(this.rebuildBatchSize, options.rebuildCommitEvery ?? 200_000);
    this.projected = preparedOnce(db, this.statements);
    this.retryMs = options.retryMs ?? 100;
    this.maxRetryMs = options.maxRetryMs ?? 30_000;
    const names = new Set(projections.map((p) => p.name));
    if (names.size !== projections.length) throw new Error('projection names must be unique');
    db.exec(CHECKPOINT_DDL);
    addIdentityColumns(db);
    for (const projection of projections) this.prepare(projection);
  }

  /**
   * Ties the read models to the store before they are served: read models of another ledger, or ahead
   * of the store, are rebuilt from it. Returns why they were rebuilt, or null. Call before `start`.
   */
  async attach(): Promise<string | null> {
    const mismatch = await identityMismatch(
      this.store,
      this.db,
      this.projections.map((p) => p.name),
    );
    if (mismatch) await this.rebuild();
    this.ledgerId = (await this.store.metadata()).ledgerId;
    stampLedgerId(this.db, this.ledgerId);
    return mismatch;
  }

  /** Creates the tables; a projection whose version changed is dropped and replayed from zero. */
  private prepare(projection: Projection): void {
    const row = this.db.prepare('SELECT version FROM projection_checkpoints WHERE name = ?').get(projection.name) as { version: number } | undefined;
    if (row && row.version !== projection.version) this.reset(projection);
    projection.setup(this.db);
    this.db
      .prepare('INSERT OR IGNORE INTO projection_checkpoints (name, position, version, ledger_id) VALUES (?, 0, ?, ?)')
      .run(projection.name, projection.version, this.ledgerId);
  }

  private reset(projection: Projection): void {
    this.statements.clear();
    this.settledAt = 0;
    this.db.transaction(() => {
      for (const table of projection.tables) this.db.exec(`DROP TABLE IF EXISTS "${table}"`);
      this.db.prepare('DELETE FROM projection_checkpoints WHERE name = ?').run(projection.name);
    })();
  }

  /** Follows the store: catches up now and after every append. */
  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.store.onAppended(() => this.kick());
    this.kick();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  /** The current failure, or null while the read models follow the store. */
  failure(): ProjectorFailure | null {
    return this.failed;
  }

  /** Throws `ReadSideUnavailable` while the read side is down: writers call it before appending. */
  assertFollowing(): void {
    if (this.failed) throw new ReadSideUnavailable(this.failed);
  }

  /**
   * Resolves once every projection has applied the event at `position` and settled; rejects with
   * `ReadSideUnavailable` if the read side fails.
   */
  waitFor(position: number): Promise<void> {
    if (this.failed) return Promise.reject(new ReadSideUnavailable(this.failed));
    if (this.settledAt >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ position, resolve, reject });
      this.kick();
    });
  }

  /** Applies and settles everything up to the store's head and resolves. */
  async catchUp(): Promise<void> {
    this.kick();
    while (this.running) await this.running;
  }

  positions(): Record<string, number> {
    const rows = this.projected.prepare('SELECT name, position FROM projection_checkpoints').all() as { name: string; position: number }[];
    const known = new Set(this.projections.map((p) => p.name));
    return Object.fromEntries(rows.filter((r) => known.has(r.name)).map((r) => [r.name, r.position]));
  }

  /**
   * Drops and replays the named projections (all when none named) from the first event, in larger
   * batches and with a larger page cache than when following the store. Their secondary indexes are
   * created after the replay (one sorted build each instead of a random insert per row); a crash
   * before that leaves them to `setup`, which every start runs, so they are never missing for long.
   */
  async rebuild(names: string[] = [], options: ProjectorOptions = {}): Promise<void> {
    const chosen = names.length ? this.projections.filter((p) => names.includes(p.name)) : this.projections;
    const unknown = names.filter((n) => !this.projections.some((p) => p.name === n));
    if (unknown.length) throw new Error(`unknown read model: ${unknown.join(', ')}`);
    while (this.running) await this.running;
    await this.exclusively(() => this.replay(chosen, options));
    if (this.failed) throw new ReadSideUnavailable(this.failed);
  }

  /** Drops `chosen` and replays them from the first event, their secondary indexes built after the replay. */
  private async replay(chosen: readonly Projection[], options: ProjectorOptions): Promise<void> {
    for (const projection of chosen) {
      this.reset(projection);
      this.prepare(projection);
    }
    this.dropSecondaryIndexes(chosen);
    const cacheSize = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma(`cache_size = ${REBUILD_CACHE_KIB}`);
    try {
      const head = await this.store.headPosition();
      await this.runUntilIdle(options.onProgress ? (p) => options.onProgress!(p, head) : undefined, this.rebuildBatchSize, this.rebuildCommitEvery);
    } finally {
      this.db.pragma(`cache_size = ${cacheSize}`);
    }
    for (const projection of chosen) projection.setup(this.db);
  }

  /** The indexes a projection's `setup` creates besides its tables' own keys, dropped until its replay is done. */
  private dropSecondaryIndexes(projections: readonly Projection[]): void {
    const tables = projections.flatMap((p) => p.tables);
    const indexes = this.db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(', ')})`)
      .all(...tables) as { name: string }[];
    for (const { name } of indexes) this.db.exec(`DROP INDEX "${name}"`);
  }

  /** The position the read models answer for: every projection has applied it, and it is settled. */
  appliedPosition(): number {
    return this.settledAt;
  }

  private lowest(): number {
    const positions = Object.values(this.positions());
    return positions.length ? Math.min(...positions) : Number.MAX_SAFE_INTEGER;
  }

  private kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    void this.exclusively(() => this.runUntilIdle());
  }

  /** Runs `pass` as the one pass over the store: appends meanwhile only ask for another pass after it. */
  private exclusively(pass: () => Promise<void>): Promise<void> {
    const run = pass();
    this.running = run
      .catch(() => undefined)
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
    return run;
  }

  private async runUntilIdle(progress?: (position: number) => void, batchSize = this.batchSize, commitEvery = batchSize): Promise<void> {
    try {
      for (;;) {
        const from = this.lowest();
        const batch = await this.store.readProjected(from, batchSize);
        if (batch.length === 0) break;
        if (commitEvery > batchSize) await this.applyTransaction(batch, batchSize, commitEvery, progress);
        else {
          // A batch shorter than asked for reached the head: it settles in its own transaction.
          this.applyBatch(batch, batch.length < batchSize);
          progress?.(batch.at(-1)!.globalPosition);
        }
        this.resolveWaiters();
      }
      // The pass ended on a full batch, or it is the first since a start: settle on its own.
      if (this.settledAt < this.lowest()) this.settledAt = this.db.transaction(() => this.settle()).immediate();
      this.resolveWaiters();
      this.failed = null;
      this.failures = 0;
    } catch (error) {
      // The batch rolled back whole: report, fail the waiters, keep the store untouched, try again later.
      this.failed = { failedAt: new Date().toISOString(), error: (error as Error)?.message ?? String(error) };
      for (const w of this.waiters.splice(0)) w.reject(new ReadSideUnavailable(this.failed));
      this.scheduleRetry();
    }
  }

  private scheduleRetry(): void {
    if (this.retry || !this.unsubscribe) return;
    const delay = Math.min(this.maxRetryMs, this.retryMs * 2 ** Math.min(this.failures++, 20));
    this.retry = setTimeout(() => {
      this.retry = null;
      this.kick();
    }, delay);
    // A pending retry never keeps a finished process alive.
    this.retry.unref();
  }

  /** Applies the batch to every projection behind it and, when `settle`, settles them all in the same transaction. */
  private applyBatch(batch: ProjectedEvent[], settle: boolean): void {
    // IMMEDIATE, and the checkpoints read inside: whoever else holds the file, no event is applied twice.
    const settled = this.db
      .transaction(() => {
        const scope = new TransactionScope();
        this.applyEvents(batch, scope);
        scope.write();
        return settle ? this.settle() : null;
      })
      .immediate();
    // Only once committed: a settle rolled back covers nothing.
    if (settled !== null) this.settledAt = settled;
  }

  /**
   * A rebuild's transaction: `first` and the reads after it, up to `commitEvery` events or the head,
   * in one transaction with one scope. It spans reads of the store, which only a rebuild may: nothing
   * else uses the read models meanwhile (a rebuild runs before they are served, or from the CLI under
   * the writer's lock). Settles when it reaches the head.
   */
  private async applyTransaction(first: ProjectedEvent[], batchSize: number, commitEvery: number, progress?: (position: number) => void): Promise<void> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const scope = new TransactionScope();
      let batch = first;
      for (let applied = 0; ;) {
        this.applyEvents(batch, scope);
        applied += batch.length;
        progress?.(batch.at(-1)!.globalPosition);
        if (batch.length < batchSize || applied >= commitEvery) break;
        batch = await this.store.readProjected(this.lowest(), batchSize);
        if (batch.length === 0) break;
      }
      scope.write();
      const settled = batch.length < batchSize ? this.settle() : null;
      this.db.exec('COMMIT');
      if (settled !== null) this.settledAt = settled;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Every projection behind `batch` takes its events, and its checkpoint moves to the last, inside the open transaction. */
  private applyEvents(batch: ProjectedEvent[], scope: TransactionScope): void {
    const update = this.projected.prepare('UPDATE projection_checkpoints SET position = ?, seal = ? WHERE name = ?');
    const positions = this.positions();
    for (const projection of this.projections) {
      const at = positions[projection.name] ?? 0;
      const events = at < batch[0].globalPosition ? batch : batch.filter((e) => e.globalPosition > at);
      if (events.length === 0) continue;
      if (projection.applyBatch) projection.applyBatch(events, this.projected, scope);
      else for (const event of events) projection.apply(event, this.projected);
      const last = events.at(-1)!;
      update.run(last.globalPosition, last.hash, projection.name);
    }
  }

  /** Every projection's `settle`, inside the open transaction; returns the checkpoint that covers. */
  private settle(): number {
    for (const projection of this.projections) projection.settle?.(this.projected);
    return this.lowest();
  }

  private resolveWaiters(): void {
    const reached = this.settledAt;
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].position <= reached) this.waiters.splice(i, 1)[0].resolve();
    }
  }

  /** A canonical dump of a projection's tables, for rebuild-equals-live checks. */
  dump(name: string): Record<string, unknown[]> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`unknown read model: ${name}`);
    return Object.fromEntries(
      projection.tables.map((table) => {
        const columns = (this.db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => `"${c.name}"`);
        return [table, this.db.prepare(`SELECT * FROM "${table}" ORDER BY ${columns.join(', ')}`).all()];
      }),
    );
  }
}

/** `db` with `prepare` memoised by SQL text: projections prepare where they run, the statement is compiled once. */
function preparedOnce(db: ReadDb, statements: Map<string, ReturnType<ReadDb['prepare']>>): ReadDb {
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
