/**
 * Proofs an auditor can carry away: one event is in the ledger (inclusion), a later ledger extends an
 * earlier one (consistency), and a project's events with their proofs as one bundle. All are built from
 * the store's tree, unverified: their worth is that anyone can check them against a signed checkpoint
 * without this code (tools/verify-bundle.mjs, docs/audit.md).
 */
import { NotFound } from '../../kernel/index.js';
import type { HashAlgorithm } from '../../event-store/hashing.js';
import { consistencyPath, inclusionPath, rootAt } from '../../event-store/merkle/proofs.js';
import { leafHash } from '../../event-store/merkle/tree.js';
import type { EventStore, StoredEvent } from '../../event-store/port.js';
import { projectStreamId } from '../../projects/domain/index.js';
import type { SignedCheckpoint } from '../domain/checkpoint.js';

export interface TreeHead {
  ledgerId: string;
  hashAlgorithm: HashAlgorithm;
  size: number;
  root: string;
}

export interface InclusionProof extends TreeHead {
  position: number;
  /** H(0x00 ‖ seal) of the event at `position`. */
  leaf: string;
  /** Sibling hashes from the leaf up (RFC 9162 §2.1.3). */
  path: string[];
}

export interface ConsistencyProof {
  ledgerId: string;
  hashAlgorithm: HashAlgorithm;
  from: number;
  to: number;
  fromRoot: string;
  toRoot: string;
  /** RFC 9162 §2.1.4. */
  path: string[];
}

export const BUNDLE_FORMAT = 'investment-ledger-bundle/1';

export interface BundleEvent {
  event: StoredEvent;
  /** Inclusion path of the event in the bundle's tree (leaf index globalPosition − 1). */
  path: string[];
}

/** A project's events up to `size`, each with its inclusion proof against the root of that size. */
export interface AuditBundle extends TreeHead {
  format: typeof BUNDLE_FORMAT;
  projectId: string;
  streamId: string;
  events: BundleEvent[];
  /** Proof that the tree of an earlier size (a checkpoint the auditor holds) is a prefix of this one. */
  consistency: { from: number; fromRoot: string; path: string[] } | null;
  /** The ledger's own signed checkpoint of exactly this size, when there is one. */
  checkpoint: SignedCheckpoint | null;
}

const nodesOf = (store: EventStore) => (keys: Parameters<EventStore['treeNodes']>[0]) => store.treeNodes(keys);

/** A size to prove against: the head by default, at most the head, at least `atLeast`. */
async function sizeOf(store: EventStore, size: number | undefined, atLeast: number): Promise<number> {
  const head = await store.headPosition();
  const chosen = size ?? head;
  if (!Number.isSafeInteger(chosen) || chosen > head) throw new NotFound(`the ledger holds ${head} events; it has no tree of size ${chosen}`);
  if (chosen < atLeast) throw new NotFound(`a tree of size ${chosen} does not hold position ${atLeast}`);
  return chosen;
}

export async function treeHead(store: EventStore, size?: number): Promise<TreeHead> {
  const { ledgerId, hashAlgorithm } = await store.metadata();
  const chosen = await sizeOf(store, size, 0);
  return { ledgerId, hashAlgorithm, size: chosen, root: await rootAt(hashAlgorithm, chosen, nodesOf(store)) };
}

export async function inclusionProof(store: EventStore, position: number, size?: number): Promise<InclusionProof> {
  if (!Number.isSafeInteger(position) || position < 1) throw new NotFound(`there is no position ${position}; positions start at 1`);
  const head = await treeHead(store, await sizeOf(store, size, position));
  const [event] = await store.readAll(position - 1, 1);
  const path = await inclusionPath(head.hashAlgorithm, position - 1, head.size, nodesOf(store));
  return { ...head, position, leaf: leafHash(head.hashAlgorithm, event.hash), path };
}

export async function consistencyProof(store: EventStore, from: number, to?: number): Promise<ConsistencyProof> {
  const later = await treeHead(store, to);
  if (!Number.isSafeInteger(from) || from < 0 || from > later.size) throw new NotFound(`no consistency proof from size ${from} to size ${later.size}`);
  const earlier = await treeHead(store, from);
  return {
    ledgerId: later.ledgerId,
    hashAlgorithm: later.hashAlgorithm,
    from,
    to: later.size,
    fromRoot: earlier.root,
    toRoot: later.root,
    path: await consistencyPath(later.hashAlgorithm, from, later.size, nodesOf(store)),
  };
}

export interface BundleOptions {
  /** The tree size to prove against; by default the latest checkpoint's, else the head. */
  size?: number;
  /** Adds a consistency proof from this size (a checkpoint the auditor already holds) to the bundle's. */
  consistencyFrom?: number;
  checkpoints?: readonly SignedCheckpoint[];
}

export async function projectBundle(store: EventStore, projectId: string, options: BundleOptions = {}): Promise<AuditBundle> {
  const checkpoints = options.checkpoints ?? [];
  const head = await treeHead(store, options.size ?? checkpoints.at(-1)?.size);
  const streamId = projectStreamId(projectId);
  const events = (await store.readStream(streamId)).filter((e) => e.globalPosition <= head.size);
  if (events.length === 0) throw new NotFound(`project ${projectId} has no event in the ledger's first ${head.size}`);
  const proved: BundleEvent[] = [];
  for (const event of events) proved.push({ event, path: await inclusionPath(head.hashAlgorithm, event.globalPosition - 1, head.size, nodesOf(store)) });
  let consistency: AuditBundle['consistency'] = null;
  if (options.consistencyFrom !== undefined) {
    const proof = await consistencyProof(store, options.consistencyFrom, head.size);
    consistency = { from: proof.from, fromRoot: proof.fromRoot, path: proof.path };
  }
  const checkpoint = [...checkpoints].reverse().find((c) => c.size === head.size && c.ledgerId === head.ledgerId) ?? null;
  return { format: BUNDLE_FORMAT, ...head, projectId, streamId, events: proved, consistency, checkpoint };
}
