/**
 * The EventStoreDB / KurrentDB adapter. Layout (see docs/esdb.md):
 *
 * - `ledger`: every event once, in commit order. Our globalPosition is its revision + 1, so positions are
 *   dense, and appending to it with its expected revision is the ledger-wide lock: of two writers on any
 *   replicas, exactly one commits at a given position, the other re-reads and tries again.
 * - `<streamId>`: a copy of the stream's ledger events at our revisions, the index readStream and the
 *   expected-revision check use.
 * - `ledger-key-<sha256>`: the first use of an idempotency key.
 *
 * A commit is the single ledger append; the copies are written right after it. Before any writer commits
 * at position n+1 it "settles" the ledger's last append (writes its copies if missing, which is
 * idempotent), so at most the last append can lack its copies, and every check reads an exact index.
 */
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  NO_STREAM as ESDB_NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type ReadStreamOptions as EsdbReadOptions,
} from '@eventstore/db-client';
import { EMPTY_HEAD, checkRevision, isReplay, planAppend, type StreamHead } from '../append-plan.js';
import { newLedgerMetadata, parseLedgerMetadata } from '../ledger-metadata.js';
import type { NodeKey } from '../merkle/tree.js';
import { sealOf } from '../seal.js';
import {
  IdempotencyKeyReused,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type LedgerMetadata,
  type NewEvent,
  type ReadStreamOptions,
  type StoreCreation,
  type StoredEvent,
} from '../port.js';
import { EsdbUnavailable, toPortError } from './errors.js';
import { eventIdsFor, keyRecordId, withEventIds } from './event-ids.js';
import { FollowedTree } from './followed-tree.js';
import { followLedger, MonotonicSignal, type FeedSubscription, type Follower, type LedgerFeed } from './follow.js';
import { checkPlacement, decodeEvent, encodeEvent, type Committed, type RawRecord } from './metadata.js';
import { SealedImportRefused, type ImportTarget } from './migrate.js';
import { StreamNames, describeConnectionString } from './names.js';
import { fromEsdbCurrent, globalPositionOf, ledgerExpected, ledgerRevisionOf, toEsdbExpected } from './positions.js';

export interface EsdbEventStoreOptions {
  /** Prefix of every stream name: several ledgers (or test runs) can share one cluster. */
  namespace?: string;
  clock?: () => Date;
  /** Subscription drops and failed reconnects, for the application's log. */
  onFollowError?: (error: unknown) => void;
  /** How the ledger is created when its metadata stream does not exist yet. */
  creation?: StoreCreation;
}

export class EsdbOpenError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EsdbOpenError';
  }
}

/** The first use of an idempotency key; `requestHash` is null for keys brought in by an import. */
type KeyRecord = {
  requestHash: string | null;
  first: number;
  last: number;
};

const TAIL: EsdbReadOptions = { direction: BACKWARDS, fromRevision: END, maxCount: 1 };
/** Each lost race means another writer committed, so this is only a guard against a livelock bug. */
const MAX_LEDGER_RACES = 100;
const STARTUP_DEADLINE_MS = 5_000;

export class EsdbEventStore implements EventStore, ImportTarget {
  readonly kind = 'esdb';
  private readonly names: StreamNames;
  private readonly clock: () => Date;
  private readonly signal = new MonotonicSignal();
  private follower: Follower | undefined;
  private closed = false;
  /** Appends of this process run one at a time: racing ourselves for the ledger lock only costs round trips. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Ledger positions up to which this process knows every copy is written. */
  private settledThrough = 0;
  private meta: Promise<LedgerMetadata> | undefined;
  private tree: FollowedTree | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    /** Host(s) of the connection string, without credentials, for error messages. */
    private readonly where: string,
    private readonly options: EsdbEventStoreOptions = {},
  ) {
    this.names = new StreamNames(options.namespace);
    this.clock = options.clock ?? (() => new Date());
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.names.stream(streamId);
    if (events.length === 0) throw new RangeError('nothing to append');
    return this.serially(() => this.appendNow(streamId, events, options));
  }

  private async appendNow(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    for (let race = 0; race < MAX_LEDGER_RACES; race++) {
      const tail = await this.settle();
      if (options.idempotency) {
        const prior = await this.readKey(options.idempotency.key);
        if (prior) {
          // An imported key's request is unknown: refusing is safe, replaying might answer another request.
          if (prior.requestHash === null || !isReplay(options, { requestHash: prior.requestHash })) {
            throw new IdempotencyKeyReused(options.idempotency.key);
          }
          return { replayed: true, events: await this.readAll(prior.first - 1, prior.last - prior.first + 1) };
        }
      }
      const head = await this.streamHead(streamId);
      checkRevision(streamId, options, head);
      const { hashAlgorithm } = await this.metadata();
      const planned = planAppend(streamId, events, options, { head, ...tail }, this.clock(), hashAlgorithm);
      const key = options.idempotency?.key;
      const stored = key === undefined ? planned : withEventIds(planned, eventIdsFor(key, planned.length), hashAlgorithm);
      const batch = { first: stored[0].globalPosition, last: stored.at(-1)!.globalPosition };
      const committed = stored.map((event) => ({ event, requestHash: options.idempotency?.requestHash ?? null, batch }));
      try {
        await this.client.appendToStream(this.names.ledger, committed.map(encodeEvent), {
          expectedRevision: ledgerExpected(tail.lastPosition),
        });
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) continue; // another writer took the position: re-check
        throw toPortError(error, { where: this.where });
      }
      await this.index(committed);
      this.settledThrough = batch.last;
      this.signal.raise(batch.last);
      return { replayed: false, events: stored };
    }
    throw new Error(`gave up appending to ${streamId} after losing the ledger lock ${MAX_LEDGER_RACES} times`);
  }

  /**
   * Writes events sealed elsewhere (a migration or an import) exactly as they are, each as the ledger's
   * next event. Each event is its own commit, so an interrupted import leaves a verified prefix to resume from.
   */
  importSealed(events: StoredEvent[]): Promise<void> {
    return this.serially(async () => {
      for (const event of events) await this.importOne(event);
    });
  }

  private async importOne(event: StoredEvent): Promise<void> {
    const { hash, ...unsealed } = event;
    if (sealOf(unsealed, (await this.metadata()).hashAlgorithm) !== hash) throw new SealedImportRefused(event, 'its seal does not match its content');
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(event.eventId)) {
      throw new SealedImportRefused(event, 'ESDB needs a lowercase UUID event id');
    }
    const tail = await this.settle();
    if (event.globalPosition !== tail.lastPosition + 1) throw new SealedImportRefused(event, `the ledger is at position ${tail.lastPosition}`);
    if (event.recordedAt < tail.lastRecordedAt) throw new SealedImportRefused(event, 'it was recorded before the ledger head');
    const head = await this.streamHead(event.streamId);
    checkRevision(event.streamId, { expectedRevision: event.revision - 1 }, head);
    if (head.hash !== event.previousHash) throw new SealedImportRefused(event, 'it does not chain from the seal of its stream');
    const committed: Committed = { event, requestHash: null, batch: { first: event.globalPosition, last: event.globalPosition } };
    try {
      await this.client.appendToStream(this.names.ledger, encodeEvent(committed), { expectedRevision: ledgerExpected(tail.lastPosition) });
    } catch (error) {
      throw toPortError(error, { where: this.where, append: { streamId: this.names.ledger, expected: tail.lastPosition - 1 } });
    }
    await this.index([committed]);
    this.settledThrough = event.globalPosition;
    this.signal.raise(event.globalPosition);
  }

  /**
   * What a key appended the first time. A key brought in by an import has no known request, so its
   * requestHash is '' and any retry is told the key was used by another request (safe, never a wrong replay).
   */
  async findIdempotent(key: string): Promise<{ requestHash: string; events: StoredEvent[] } | null> {
    await this.settle();
    const prior = await this.readKey(key);
    if (!prior) return null;
    return { requestHash: prior.requestHash ?? '', events: await this.readAll(prior.first - 1, prior.last - prior.first + 1) };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const name = this.names.stream(streamId);
    await this.settle(); // the ledger's last append is readable here even if its writer died before copying it
    const { recordedUpTo: upTo, fromRevision = 0 } = options;
    const events = (await this.read(name, fromRevision > 0 ? { fromRevision: BigInt(fromRevision) } : {})).map((raw) => this.fromStream(raw).event);
    return events.filter((e) => upTo === undefined || e.recordedAt <= upTo);
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    if (!Number.isSafeInteger(after) || after < 0) throw new RangeError(`invalid position ${after}`);
    if (limit < 1) return [];
    const raws = await this.read(this.names.ledger, { fromRevision: BigInt(after), maxCount: limit });
    return raws.map((raw) => this.fromLedger(raw).event);
  }

  /** Whole events: the client hands over each event's data and metadata already parsed, so no column is left unread. */
  readProjected(after: number, limit: number): Promise<StoredEvent[]> {
    return this.readAll(after, limit);
  }

  async headPosition(): Promise<number> {
    const [last] = await this.read(this.names.ledger, TAIL);
    return last ? globalPositionOf(last.revision) : 0;
  }

  /** Read once from the metadata stream; written there first (expected: no stream) by whichever process opens a new ledger. */
  metadata(): Promise<LedgerMetadata> {
    this.meta ??= this.loadMetadata().catch((error: unknown) => {
      this.meta = undefined;
      throw error;
    });
    return this.meta.then((meta) => ({ ...meta }));
  }

  private async loadMetadata(): Promise<LedgerMetadata> {
    for (;;) {
      const [raw] = await this.read(this.names.metadata, { maxCount: 1 });
      if (raw) {
        if (!raw.isJson || typeof raw.data !== 'object' || raw.data === null) throw new Error(`${this.names.metadata} does not hold ledger metadata`);
        return parseLedgerMetadata(raw.data as Record<'ledgerId' | 'hashAlgorithm' | 'createdAt', unknown>);
      }
      const [first] = await this.readAll(0, 1);
      const meta = newLedgerMetadata(this.options.creation ?? {}, first, new Date());
      try {
        await this.client.appendToStream(this.names.metadata, jsonEvent({ type: 'ledger_created', data: { ...meta } }), {
          expectedRevision: ESDB_NO_STREAM,
        });
        return meta;
      } catch (error) {
        // Another process created it first: read theirs.
        if (!(error instanceof WrongExpectedVersionError)) throw toPortError(error, { where: this.where });
      }
    }
  }

  async treeNodes(keys: readonly NodeKey[]): Promise<string[]> {
    const { hashAlgorithm } = await this.metadata();
    this.tree ??= new FollowedTree(hashAlgorithm, (after, limit) => this.readAll(after, limit));
    return this.tree.nodes(keys);
  }

  onAppended(listener: (position: number) => void): () => void {
    const off = this.signal.on(listener);
    if (!this.follower && !this.closed) {
      this.follower = followLedger(this.feed(), (position) => this.signal.raise(position), { onError: this.options.onFollowError });
    }
    return off;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.follower?.stop();
    await this.queue;
    await this.client.dispose();
  }

  /** A cheap read with a short deadline, so a wrong address fails at startup rather than on the first request. */
  async probe(): Promise<void> {
    await this.read(this.names.ledger, { ...TAIL, deadline: STARTUP_DEADLINE_MS });
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the ESDB event store is closed'));
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Makes sure the ledger's last append has its copies; returns where the ledger stands. */
  private async settle(): Promise<{ lastPosition: number; lastRecordedAt: string }> {
    const [raw] = await this.read(this.names.ledger, TAIL);
    if (!raw) return { lastPosition: 0, lastRecordedAt: '' };
    const last = this.fromLedger(raw);
    const position = last.event.globalPosition;
    if (position !== last.batch.last) throw new Error(`ledger event ${position} ends the ledger but not its append`);
    if (position > this.settledThrough) {
      const { first } = last.batch;
      const batch =
        first === position
          ? [last]
          : (await this.read(this.names.ledger, { fromRevision: ledgerRevisionOf(first), maxCount: position - first + 1 })).map((r) => this.fromLedger(r));
      await this.index(batch);
      this.settledThrough = position;
    }
    return { lastPosition: position, lastRecordedAt: last.event.recordedAt };
  }

  /** Writes the copies of one committed append. Repeating it is harmless: same ids, same expected revisions. */
  private async index(batch: Committed[]): Promise<void> {
    const first = batch[0].event;
    const last = batch.at(-1)!.event;
    const stream = this.names.stream(first.streamId);
    try {
      await this.client.appendToStream(stream, batch.map(encodeEvent), { expectedRevision: toEsdbExpected(first.revision - 1) });
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw toPortError(error, { where: this.where });
      const actual = fromEsdbCurrent(error.actualVersion);
      // At or past our last revision: another process copied this append first.
      if (actual < last.revision) {
        throw new Error(`${stream} is at revision ${actual}, behind ledger event ${last.globalPosition}: it was written outside the ledger`, { cause: error });
      }
    }
    if (first.idempotencyKey === null) return;
    const record: KeyRecord = { requestHash: batch[0].requestHash, first: first.globalPosition, last: last.globalPosition };
    const recordEvent = jsonEvent({ id: keyRecordId(first.idempotencyKey), type: 'idempotency_key_used', data: record });
    try {
      await this.client.appendToStream(this.names.key(first.idempotencyKey), recordEvent, { expectedRevision: ESDB_NO_STREAM });
    } catch (error) {
      // The key's first use is recorded already (a repeat of this copy, or an imported earlier event).
      if (!(error instanceof WrongExpectedVersionError)) throw toPortError(error, { where: this.where });
    }
  }

  private async readKey(idempotencyKey: string): Promise<KeyRecord | undefined> {
    const [raw] = await this.read(this.names.key(idempotencyKey), { maxCount: 1 });
    if (!raw) return undefined;
    const data = raw.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data) || data instanceof Uint8Array) {
      throw new Error(`${raw.streamId} does not hold an idempotency record`);
    }
    const { requestHash, first, last } = data as Record<string, unknown>;
    if ((typeof requestHash !== 'string' && requestHash !== null) || !Number.isSafeInteger(first) || !Number.isSafeInteger(last)) {
      throw new Error(`${raw.streamId} does not hold an idempotency record`);
    }
    return { requestHash, first: first as number, last: last as number };
  }

  private async streamHead(streamId: string): Promise<StreamHead> {
    const [raw] = await this.read(this.names.stream(streamId), TAIL);
    if (!raw) return EMPTY_HEAD;
    const { event } = this.fromStream(raw);
    return { revision: event.revision, hash: event.hash };
  }

  private async read(stream: string, options: EsdbReadOptions): Promise<RawRecord[]> {
    const out: RawRecord[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, options)) {
        if (resolved.event) out.push(resolved.event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toPortError(error, { where: this.where });
    }
    return out;
  }

  private fromLedger(raw: RawRecord): Committed {
    const committed = decodeEvent(raw);
    checkPlacement(raw, committed, { kind: 'ledger', esdbStream: this.names.ledger });
    return committed;
  }

  private fromStream(raw: RawRecord): Committed {
    const committed = decodeEvent(raw);
    checkPlacement(raw, committed, { kind: 'stream', esdbStream: this.names.stream(committed.event.streamId) });
    return committed;
  }

  /** Appends by anyone, as the positions at which they end, from a catch-up subscription to the ledger. */
  private feed(): LedgerFeed {
    return {
      head: () => this.headPosition(),
      subscribe: (after, onAppendEnd): FeedSubscription => {
        // fromRevision is exclusive: revision after-1 is position `after`, the first delivered is after+1.
        const subscription = this.client.subscribeToStream(this.names.ledger, {
          fromRevision: after === 0 ? START : ledgerRevisionOf(after),
        });
        const ended = new Promise<void>((resolve, reject) => {
          subscription.on('data', (resolved) => {
            if (!resolved.event) return;
            try {
              const { event, batch } = this.fromLedger(resolved.event);
              if (event.globalPosition === batch.last) onAppendEnd(event.globalPosition);
            } catch (error) {
              this.options.onFollowError?.(error);
            }
          });
          subscription.on('error', (error) => reject(toPortError(error, { where: this.where })));
          subscription.on('end', resolve);
          subscription.on('close', resolve);
        });
        return { ended, close: () => subscription.unsubscribe() };
      },
    };
  }
}

/**
 * Connects and fails fast: a bad connection string or an unreachable node is reported at startup, naming
 * the host(s) but never the credentials in the string.
 */
export async function openEsdbEventStore(connectionString: string, options: EsdbEventStoreOptions = {}): Promise<EsdbEventStore> {
  const where = describeConnectionString(connectionString);
  let client: EventStoreDBClient;
  try {
    client = EventStoreDBClient.connectionString(connectionString);
  } catch {
    // The parser's message quotes the string, credentials included: leave it out.
    throw new EsdbOpenError(`ESDB_CONNECTION_STRING (${where}) is not a valid EventStoreDB connection string, e.g. esdb://host:2113?tls=false`);
  }
  const store = new EsdbEventStore(client, where, options);
  try {
    await store.probe();
    await store.metadata();
  } catch (error) {
    await store.close();
    const message = error instanceof EsdbUnavailable ? error.message : `EventStoreDB at ${where} refused the first read: ${(error as Error).message}`;
    throw new EsdbOpenError(`${message} (check ESDB_CONNECTION_STRING)`, { cause: error });
  }
  return store;
}
