/** Verify, digest and digest check over an EventStore, for the HTTP queries and the CLI alike. */
import type { KeyObject } from 'node:crypto';
import { NotFound, RuleViolation } from '../../kernel/index.js';
import type { HashAlgorithm } from '../../event-store/hashing.js';
import { emptyRoot } from '../../event-store/merkle/tree.js';
import { rootAt } from '../../event-store/merkle/proofs.js';
import type { EventStore } from '../../event-store/port.js';
import { judgeCheckpoint, type CheckpointVerdict, type SignedCheckpoint } from '../domain/checkpoint.js';
import { auditLedger, describeBroken, type AuditResult } from '../domain/ledger-check.js';
import { BATCH_SIZE, readBatches } from './read-batches.js';

export interface VerifyOptions {
  batchSize?: number;
  onProgress?: (eventsChecked: number, head: number) => void;
  /** Signed checkpoints to hold the ledger to (the ledger's own log, or one an auditor kept). */
  checkpoints?: readonly SignedCheckpoint[];
  /** The key to check their signatures with; without it only their roots are compared. */
  publicKey?: KeyObject | null;
}

export interface LedgerVerification extends AuditResult {
  ledgerId: string;
  /** Why the store's own Merkle tree disagrees with the events (the proofs it serves would be wrong); null when it agrees. */
  treeProblem: string | null;
  checkpointsChecked: number;
  /** The first checkpoint the ledger breaks, else the latest one checked; null when none was given. */
  checkpoint: CheckpointVerdict | null;
}

/**
 * The store's tree at `size` (what its proofs are built from) against the root just recomputed from the
 * events, and no leaf beyond the last event (a tail cut from the events but not from the tree).
 */
async function storedTreeProblem(store: EventStore, algorithm: HashAlgorithm, size: number, recomputed: string): Promise<string | null> {
  const leafAfter = await store.treeNodes([{ level: 0, index: size }]).then(
    () => true,
    () => false,
  );
  // A leaf after `size` is a cut tail only when no event stands there now: a write made while this verify
  // ran appends its leaf and its event in one transaction, so the head read after the leaf counts it.
  const beyond = leafAfter && (await store.headPosition()) <= size;
  if (beyond) return `the store's Merkle tree has a leaf for position ${size + 1}, after the last event: events were deleted from the end`;
  try {
    const stored = await rootAt(algorithm, size, (keys) => store.treeNodes(keys));
    return stored === recomputed
      ? null
      : `the store's Merkle tree at size ${size} does not match its events: events were changed and re-sealed, or the tree was`;
  } catch (error) {
    return `the store's Merkle tree cannot give the root of size ${size}: ${(error as Error).message}`;
  }
}

/**
 * Re-reads the ledger up to its head at the start (appends made meanwhile are left for the next run),
 * compares the store's tree with the events, and holds the ledger to every checkpoint given.
 */
export async function verifyLedger(store: EventStore, options: VerifyOptions = {}): Promise<LedgerVerification> {
  const { ledgerId, hashAlgorithm } = await store.metadata();
  const head = await store.headPosition();
  const checkpoints = [...(options.checkpoints ?? [])].sort((a, b) => a.size - b.size);
  const wanted = new Set(checkpoints.map((c) => c.size));
  const roots = new Map<number, string>([[0, emptyRoot(hashAlgorithm)]]);
  const result = await auditLedger(readBatches(store, head, options.batchSize ?? BATCH_SIZE), {
    hashAlgorithm,
    onProgress: (checked) => options.onProgress?.(checked, head),
    onRoot: (size, root) => {
      if (wanted.has(size)) roots.set(size, root());
    },
  });
  const treeProblem = result.firstBroken ? null : await storedTreeProblem(store, hashAlgorithm, result.position, result.digest);
  const seen = { ledgerId, hashAlgorithm, verifiedThrough: result.position, head, rootAt: (size: number) => roots.get(size) };
  const verdicts = checkpoints.map((c) => judgeCheckpoint(c, seen, options.publicKey ?? null));
  const checkpoint = verdicts.find((v) => !v.ok) ?? verdicts.at(-1) ?? null;
  return {
    ...result,
    ok: result.ok && treeProblem === null && (checkpoint?.ok ?? true),
    ledgerId,
    treeProblem,
    checkpointsChecked: verdicts.length,
    checkpoint,
  };
}

export interface LedgerDigest {
  position: number;
  /** The Merkle root of the ledger's first `position` events. */
  digest: string;
  hashAlgorithm: HashAlgorithm;
}

interface Digests extends LedgerDigest {
  chainDigest: string;
}

/** The digests at `position`, or why there are none: the position is beyond the head, or the ledger breaks before it. */
async function digestOrWhyNot(store: EventStore, position: number): Promise<Digests | NotFound | RuleViolation> {
  const head = await store.headPosition();
  if (!Number.isSafeInteger(position) || position < 0 || position > head)
    return new NotFound(`the ledger holds ${head} events; it has no position ${position}`);
  const { hashAlgorithm } = await store.metadata();
  const result = await auditLedger(readBatches(store, position), { hashAlgorithm });
  if (result.firstBroken) {
    return new RuleViolation('ledger-verifies', `the ledger does not verify up to position ${position}: ${describeBroken(result.firstBroken)}`);
  }
  return { position: result.position, digest: result.digest, hashAlgorithm, chainDigest: result.chainDigest };
}

/** The digest an auditor keeps: at `position`, by default the head. */
export async function ledgerDigest(store: EventStore, position?: number): Promise<LedgerDigest> {
  const found = await digestOrWhyNot(store, position ?? (await store.headPosition()));
  if (found instanceof Error) throw found;
  return { position: found.position, digest: found.digest, hashAlgorithm: found.hashAlgorithm };
}

/** A digest as an auditor kept it; the algorithm when they noted it. */
export interface KeptDigest {
  position: number;
  digest: string;
  hashAlgorithm?: HashAlgorithm;
}

export interface DigestCheck {
  ok: boolean;
  /** Why the check failed, in plain words; null when it holds. */
  reason: string | null;
}

/**
 * Whether the ledger still extends a digest kept earlier: same history up to that position, verified.
 * A digest is the Merkle root there; one kept before the tree existed is the chain digest, checked the same way.
 */
export async function checkDigest(store: EventStore, kept: KeptDigest): Promise<DigestCheck> {
  const now = await digestOrWhyNot(store, kept.position);
  if (now instanceof Error) return { ok: false, reason: now.message };
  if (kept.hashAlgorithm !== undefined && kept.hashAlgorithm !== now.hashAlgorithm) {
    return { ok: false, reason: `that digest is ${kept.hashAlgorithm}; this ledger hashes with ${now.hashAlgorithm}` };
  }
  if (now.digest !== kept.digest && now.chainDigest !== kept.digest) {
    return { ok: false, reason: `the history up to position ${kept.position} differs from the one that digest was taken of` };
  }
  return { ok: true, reason: null };
}
