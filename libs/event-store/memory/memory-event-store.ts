import { EMPTY_HEAD, checkRevision, isReplay, planAppend, type PriorRequest } from '../append-plan.js';
import { newLedgerMetadata } from '../ledger-metadata.js';
import { AppendSignal } from '../listeners.js';
import { MemoryTree } from '../merkle/memory-tree.js';
import type { NodeKey } from '../merkle/tree.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  LedgerMetadata,
  NewEvent,
  ReadStreamOptions,
  SealedImport,
  StoreCreation,
  StoredEvent,
} from '../port.js';

interface MemoryIdempotency extends PriorRequest {
  positions: number[];
}

/** For unit tests and tools: the same rules as the durable adapters, kept in arrays. */
export class MemoryEventStore implements EventStore, SealedImport {
  readonly kind = 'memory';
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly keys = new Map<string, MemoryIdempotency>();
  private readonly signal = new AppendSignal();
  private readonly meta: LedgerMetadata;
  private readonly tree;

  constructor(
    private readonly clock: () => Date = () => new Date(),
    creation: StoreCreation = {},
  ) {
    this.meta = newLedgerMetadata(creation, undefined, new Date());
    this.tree = new MemoryTree(this.meta.hashAlgorithm);
  }

  async metadata(): Promise<LedgerMetadata> {
    return { ...this.meta };
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const prior = options.idempotency ? this.keys.get(options.idempotency.key) : undefined;
    if (isReplay(options, prior)) {
      return { replayed: true, events: prior!.positions.map((p) => this.all[p - 1]) };
    }
    const stream = this.streams.get(streamId) ?? [];
    const last = stream.at(-1);
    const head = last ? { revision: last.revision, hash: last.hash } : EMPTY_HEAD;
    checkRevision(streamId, options, head);
    const stored = planAppend(
      streamId,
      events,
      options,
      { head, lastPosition: this.all.length, lastRecordedAt: this.all.at(-1)?.recordedAt ?? '' },
      this.clock(),
      this.meta.hashAlgorithm,
    );
    this.all.push(...stored.map((e) => structuredClone(e)));
    for (const event of stored) this.tree.append(event.hash);
    this.streams.set(streamId, [...stream, ...stored]);
    if (options.idempotency) {
      this.keys.set(options.idempotency.key, {
        requestHash: options.idempotency.requestHash,
        positions: stored.map((e) => e.globalPosition),
      });
    }
    this.signal.raise(stored.at(-1)!.globalPosition);
    return { replayed: false, events: stored };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const stream = this.streams.get(streamId) ?? [];
    const { recordedUpTo: upTo, fromRevision = 0 } = options;
    return stream
      .slice(Math.max(0, fromRevision))
      .filter((e) => upTo === undefined || e.recordedAt <= upTo)
      .map((e) => structuredClone(e));
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    return this.all.slice(after, after + limit).map((e) => structuredClone(e));
  }

  /** Whole events: a superset of what projections read costs nothing more here. */
  readProjected(after: number, limit: number): Promise<StoredEvent[]> {
    return this.readAll(after, limit);
  }

  async findIdempotent(key: string): Promise<{ requestHash: string; events: StoredEvent[] } | null> {
    const prior = this.keys.get(key);
    return prior ? { requestHash: prior.requestHash, events: prior.positions.map((p) => structuredClone(this.all[p - 1])) } : null;
  }

  async headPosition(): Promise<number> {
    return this.all.length;
  }

  async treeNodes(keys: readonly NodeKey[]): Promise<string[]> {
    return this.tree.nodes(keys);
  }

  /** Takes events sealed elsewhere (an import), as they are; they must continue the global order. */
  async importSealed(events: StoredEvent[]): Promise<void> {
    events.forEach((event, i) => {
      if (event.globalPosition !== this.all.length + 1 + i) throw new RangeError(`an import must continue at position ${this.all.length + 1 + i}`);
    });
    for (const event of events) {
      this.all.push(structuredClone(event));
      this.tree.append(event.hash);
      this.streams.set(event.streamId, [...(this.streams.get(event.streamId) ?? []), structuredClone(event)]);
    }
    if (events.length > 0) this.signal.raise(events.at(-1)!.globalPosition);
  }

  onAppended(listener: (position: number) => void): () => void {
    return this.signal.on(listener);
  }

  async close(): Promise<void> {}
}
