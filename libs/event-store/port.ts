/**
 * The one EventStore port. Adapters (memory/, sqlite/, esdb/) implement it and must all pass the
 * contract suite in contract/. Streams are append-only: no method updates or deletes an event.
 */
import type { Json } from '../kernel/index.js';
import type { HashAlgorithm } from './hashing.js';
import type { NodeKey } from './merkle/tree.js';

export const SCHEMA_VERSION = 1;

/** What a command handler hands the store: the fact and who recorded it, not yet positioned or sealed. */
export interface NewEvent {
  type: string;
  data: { [key: string]: Json };
  /** Business date: the local calendar day the fact happened. */
  occurredOn: string;
  actor: string;
  role: string;
  /** A UUID the writer chose beforehand (it decides later commands against the event before it is stored); else the store makes one. */
  eventId?: string;
}

export interface StoredEvent extends NewEvent {
  eventId: string;
  streamId: string;
  /** 0-based position in its stream. */
  revision: number;
  /** 1-based position in the whole ledger, strictly increasing in append order. */
  globalPosition: number;
  /** Server instant, ISO 8601 UTC. */
  recordedAt: string;
  idempotencyKey: string | null;
  schemaVersion: number;
  /** Seal over content, metadata and previousHash, with the ledger's hash algorithm (see seal.ts). */
  hash: string;
  previousHash: string;
}

/**
 * What read models are fed (`readProjected`): the fields projections use, and the seal the projector
 * keeps beside each checkpoint (projector/identity.ts). The previous hash, the role, the idempotency
 * key and the rest stay unread: making strings of them was a third of a rebuild's read.
 */
export type ProjectedEvent = Pick<StoredEvent, 'eventId' | 'streamId' | 'revision' | 'globalPosition' | 'type' | 'data' | 'recordedAt' | 'actor' | 'hash'>;

/** `-1`: the stream must not exist yet; `'any'`: no check. */
export type ExpectedRevision = number | 'any';
export const NO_STREAM = -1;

export interface Idempotency {
  /** Unique per ledger; callers scope it (e.g. by actor) before passing it. */
  key: string;
  /** Fingerprint of the request, so the same key with another body is told apart. */
  requestHash: string;
}

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
  idempotency?: Idempotency;
}

export interface AppendResult {
  /** true when the idempotency key had already appended these events: nothing new was written. */
  replayed: boolean;
  events: StoredEvent[];
}

export interface ReadStreamOptions {
  /** Only events recorded at or before this instant (as-of replay). */
  recordedUpTo?: string;
  /** Only events at or after this stream revision (a writer holding the state folded up to revision r asks for r + 1). */
  fromRevision?: number;
}

/** What a ledger is, fixed when its store is created. */
export interface LedgerMetadata {
  /** A UUID naming this ledger: the read models carry it beside their checkpoints, so they never serve another ledger. */
  ledgerId: string;
  /** Used for seals, the Merkle tree and digests alike. */
  hashAlgorithm: HashAlgorithm;
  /** ISO 8601 UTC. */
  createdAt: string;
}

/** How a new store is created; an existing store keeps what its metadata says. */
export interface StoreCreation {
  hashAlgorithm?: HashAlgorithm;
  /** A migration's target takes the source's identity, so its checkpoints and read models still apply. */
  ledgerId?: string;
  createdAt?: string;
}

export interface EventStore {
  readonly kind: string;
  metadata(): Promise<LedgerMetadata>;
  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /** Events with globalPosition > after, in global order, at most `limit`. */
  readAll(after: number, limit: number): Promise<StoredEvent[]>;
  /** The same events as `readAll` with at least the fields of `ProjectedEvent`: the projector's read. */
  readProjected(after: number, limit: number): Promise<ProjectedEvent[]>;
  /**
   * What an idempotency key appended before, so a retried request gets its first answer without being
   * decided again (a retried "ground broken" must not be refused as a second groundbreaking).
   */
  findIdempotent(key: string): Promise<{ requestHash: string; events: StoredEvent[] } | null>;
  /** The globalPosition of the last event, 0 when empty. */
  headPosition(): Promise<number>;
  /**
   * Hashes of complete subtrees of the ledger's Merkle tree over the global order (merkle/tree.ts), in
   * the order asked: `(level, index)` covers positions index·2^level + 1 … (index+1)·2^level. The tree
   * is maintained with every append; a node beyond the head is refused (RangeError).
   */
  treeNodes(keys: readonly NodeKey[]): Promise<string[]>;
  /** Calls back after every successful append (any writer in this process). Returns an unsubscribe. */
  onAppended(listener: (position: number) => void): () => void;
  close(): Promise<void>;
}

/**
 * A store that takes events sealed elsewhere, as they are: an import of an export file, or a migration
 * from another store. The events must continue the target's global order; nothing is re-sealed.
 */
export interface SealedImport {
  importSealed(events: StoredEvent[]): Promise<void>;
}

export function acceptsSealed<S extends object>(store: S): store is S & SealedImport {
  return typeof (store as Partial<SealedImport>).importSealed === 'function';
}

/** The expected revision did not hold: a concurrent writer won (409), or the caller's If-Match was stale. */
export class WrongExpectedRevision extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at revision ${actual}, expected ${expected}`);
    this.name = 'WrongExpectedRevision';
  }
}

/** The idempotency key was used before with another request. */
export class IdempotencyKeyReused extends Error {
  constructor(readonly key: string) {
    super('this Idempotency-Key was already used with a different request');
    this.name = 'IdempotencyKeyReused';
  }
}
