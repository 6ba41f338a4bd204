import Database from 'better-sqlite3';
import { EMPTY_HEAD, checkRevision, isReplay, planAppend } from '../append-plan.js';
import { AppendSignal } from '../listeners.js';
import type { AppendOptions, AppendResult, EventStore, NewEvent, ReadStreamOptions, StoredEvent } from '../port.js';
import { EVENT_STORE_DDL, STORE_FORMAT, type EventRow } from './schema.js';

export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

function toEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    globalPosition: row.global_position,
    type: row.type,
    data: JSON.parse(row.data),
    occurredOn: row.occurred_on,
    recordedAt: row.recorded_at,
    actor: row.actor,
    role: row.role,
    idempotencyKey: row.idempotency_key,
    schemaVersion: row.schema_version,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}

/**
 * The embedded store: one SQLite file, WAL, synchronous=FULL, so an acknowledged append survives a
 * crash or power cut. better-sqlite3 is synchronous, so each append is one short transaction and
 * concurrent callers in this process are serialised by the event loop.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly signal = new AppendSignal();
  private readonly statements;

  constructor(
    readonly file: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    try {
      this.db = new Database(file, { fileMustExist: false });
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('busy_timeout = 5000');
      const format = this.db.pragma('user_version', { simple: true }) as number;
      if (format > STORE_FORMAT) {
        throw new StoreOpenError(
          `${file} was written by a newer ledger (store format ${format}; this build reads up to ${STORE_FORMAT}). Upgrade the ledger.`,
        );
      }
      this.db.exec(EVENT_STORE_DDL);
      if (format < STORE_FORMAT) this.db.pragma(`user_version = ${STORE_FORMAT}`);
    } catch (error) {
      if (error instanceof StoreOpenError) throw error;
      throw new StoreOpenError(`cannot open the event store ${file}: ${(error as Error).message}`);
    }
    this.statements = {
      head: this.db.prepare<[string], { revision: number; hash: string }>(
        'SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
      ),
      last: this.db.prepare<[], { global_position: number; recorded_at: string }>(
        'SELECT global_position, recorded_at FROM events ORDER BY global_position DESC LIMIT 1',
      ),
      insert: this.db.prepare(
        `INSERT INTO events (global_position, event_id, stream_id, revision, type, data, occurred_on, recorded_at,
           actor, role, idempotency_key, schema_version, previous_hash, hash)
         VALUES (@globalPosition, @eventId, @streamId, @revision, @type, @data, @occurredOn, @recordedAt,
           @actor, @role, @idempotencyKey, @schemaVersion, @previousHash, @hash)`,
      ),
      key: this.db.prepare<[string], { request_hash: string; first_position: number; last_position: number }>(
        'SELECT request_hash, first_position, last_position FROM idempotency WHERE key = ?',
      ),
      insertKey: this.db.prepare('INSERT INTO idempotency (key, request_hash, first_position, last_position) VALUES (?, ?, ?, ?)'),
      range: this.db.prepare<[number, number], EventRow>(
        'SELECT * FROM events WHERE global_position BETWEEN ? AND ? ORDER BY global_position',
      ),
      stream: this.db.prepare<[string], EventRow>('SELECT * FROM events WHERE stream_id = ? ORDER BY revision'),
      streamUpTo: this.db.prepare<[string, string], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND recorded_at <= ? ORDER BY revision',
      ),
      after: this.db.prepare<[number, number], EventRow>(
        'SELECT * FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?',
      ),
    };
  }

  private readonly appendTx = (streamId: string, events: NewEvent[], options: AppendOptions): AppendResult =>
    this.db.transaction((): AppendResult => {
      const prior = options.idempotency ? this.statements.key.get(options.idempotency.key) : undefined;
      if (isReplay(options, prior && { requestHash: prior.request_hash })) {
        const rows = this.statements.range.all(prior!.first_position, prior!.last_position);
        return { replayed: true, events: rows.map(toEvent) };
      }
      const head = this.statements.head.get(streamId) ?? EMPTY_HEAD;
      checkRevision(streamId, options, head);
      const last = this.statements.last.get();
      const stored = planAppend(
        streamId,
        events,
        options,
        { head, lastPosition: last?.global_position ?? 0, lastRecordedAt: last?.recorded_at ?? '' },
        this.clock(),
      );
      for (const event of stored) this.statements.insert.run({ ...event, data: JSON.stringify(event.data) });
      if (options.idempotency) {
        this.statements.insertKey.run(
          options.idempotency.key,
          options.idempotency.requestHash,
          stored[0].globalPosition,
          stored.at(-1)!.globalPosition,
        );
      }
      return { replayed: false, events: stored };
    }).immediate();

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const result = this.appendTx(streamId, events, options);
    if (!result.replayed) this.signal.raise(result.events.at(-1)!.globalPosition);
    return result;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const rows =
      options.recordedUpTo === undefined
        ? this.statements.stream.all(streamId)
        : this.statements.streamUpTo.all(streamId, options.recordedUpTo);
    return rows.map(toEvent);
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    return this.statements.after.all(after, limit).map(toEvent);
  }

  async findIdempotent(key: string): Promise<{ requestHash: string; events: StoredEvent[] } | null> {
    const prior = this.statements.key.get(key);
    if (!prior) return null;
    return { requestHash: prior.request_hash, events: this.statements.range.all(prior.first_position, prior.last_position).map(toEvent) };
  }

  private readonly importTx = (events: StoredEvent[]): void =>
    this.db.transaction((): void => {
      const last = this.statements.last.get()?.global_position ?? 0;
      events.forEach((event, i) => {
        if (event.globalPosition !== last + 1 + i) throw new RangeError(`an import must continue at position ${last + 1 + i}`);
        this.statements.insert.run({ ...event, data: JSON.stringify(event.data) });
      });
    }).immediate();

  /** Takes events sealed elsewhere (an import), as they are, in one transaction; they must continue the global order. */
  async importSealed(events: StoredEvent[]): Promise<void> {
    this.importTx(events);
    if (events.length > 0) this.signal.raise(events.at(-1)!.globalPosition);
  }

  async headPosition(): Promise<number> {
    return this.statements.last.get()?.global_position ?? 0;
  }

  onAppended(listener: (position: number) => void): () => void {
    return this.signal.on(listener);
  }

  /** A consistent online copy of the whole file (SQLite's backup API), safe while writers run. */
  async backup(target: string): Promise<void> {
    await this.db.backup(target);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
