/**
 * The auditor's verifier, pure: it is handed the events in global order (batches from any source, a
 * store or an export file) and recomputes everything they claim. It stops at the first broken event,
 * because nothing after a break can be trusted, and folds the Merkle root (the digest) and the older
 * chain digest as it goes, over seals it has just recomputed.
 */
import { DEFAULT_HASH_ALGORITHM, type HashAlgorithm } from '../../event-store/hashing.js';
import { Frontier } from '../../event-store/merkle/memory-tree.js';
import type { StoredEvent } from '../../event-store/port.js';
import { GENESIS_HASH, sealOf } from '../../event-store/seal.js';
import { GENESIS_DIGEST, nextDigest } from './digest.js';

export interface BrokenEvent {
  /** null only when the event could not be read at all, so its stream is unknown. */
  streamId: string | null;
  revision: number | null;
  globalPosition: number;
  reason: string;
}

export interface AuditResult {
  ok: boolean;
  /** Events examined, the broken one included. */
  eventsChecked: number;
  firstBroken: BrokenEvent | null;
  /** Last position that verified, and the ledger digest up to it: the Merkle root of that size. */
  position: number;
  digest: string;
  /** The hash chain digest at that position, as digests were before the tree (still checkable). */
  chainDigest: string;
  hashAlgorithm: HashAlgorithm;
}

/** Raised by a batch source when a stored event cannot be decoded (e.g. its JSON was mangled in the file). */
export class UnreadableEvent extends Error {
  constructor(
    /** The last position that could be read; the unreadable event comes after it. */
    readonly after: number,
    cause: unknown,
  ) {
    super(`the event after global position ${after} cannot be read: ${(cause as Error).message ?? String(cause)}`, { cause });
    this.name = 'UnreadableEvent';
  }
}

interface StreamHead {
  revision: number;
  hash: string;
}

/** Per-stream chains: revisions dense from 0, each previousHash the seal before it, each seal recomputed. */
export class StreamChains {
  private readonly heads = new Map<string, StreamHead>();

  constructor(private readonly algorithm: HashAlgorithm = DEFAULT_HASH_ALGORITHM) {}

  fault(event: StoredEvent): string | null {
    const head = this.heads.get(event.streamId) ?? { revision: -1, hash: GENESIS_HASH };
    if (event.revision !== head.revision + 1) {
      return head.revision < 0
        ? `the stream starts at revision ${event.revision}, not 0: its first events are missing`
        : `revision ${event.revision} follows revision ${head.revision} in its stream: an event is missing or out of order`;
    }
    if (event.previousHash !== head.hash) {
      return head.revision < 0
        ? 'its previousHash is not the genesis hash, yet it opens its stream'
        : `its previousHash is not the seal of revision ${head.revision}: the stream's chain is broken`;
    }
    if (sealOf(event, this.algorithm) !== event.hash) return 'its content or metadata no longer match its seal';
    return null;
  }

  advance(event: StoredEvent): void {
    this.heads.set(event.streamId, { revision: event.revision, hash: event.hash });
  }
}

/** One stream on its own (an as-of history): the first event whose seal or chain does not hold. */
export function checkStream(events: readonly StoredEvent[], algorithm: HashAlgorithm = DEFAULT_HASH_ALGORITHM): BrokenEvent | null {
  const chains = new StreamChains(algorithm);
  for (const event of events) {
    const reason = chains.fault(event);
    if (reason) return brokenAt(event, reason);
    chains.advance(event);
  }
  return null;
}

/** The whole ledger in global order: positions dense from 1, recordedAt never going back, every stream chained. */
export class LedgerCheck {
  private readonly chains: StreamChains;
  private readonly tree: Frontier;
  private lastRecordedAt = '';
  private position = 0;
  private chainDigest = GENESIS_DIGEST;
  private checked = 0;

  constructor(
    private readonly algorithm: HashAlgorithm = DEFAULT_HASH_ALGORITHM,
    /** Called with the root after each event, for sizes the caller wants (checkpoints). */
    private readonly onRoot?: (size: number, root: () => string) => void,
  ) {
    this.chains = new StreamChains(algorithm);
    this.tree = new Frontier(algorithm);
  }

  get eventsChecked(): number {
    return this.checked;
  }

  accept(event: StoredEvent): BrokenEvent | null {
    this.checked++;
    const reason = this.fault(event);
    if (reason) return brokenAt(event, reason);
    this.chains.advance(event);
    this.lastRecordedAt = event.recordedAt;
    this.position = event.globalPosition;
    // The seal was just recomputed and found equal, so the digests commit to the content itself.
    this.tree.append(event.hash);
    this.chainDigest = nextDigest(this.chainDigest, event.hash, this.algorithm);
    this.onRoot?.(this.position, () => this.tree.root());
    return null;
  }

  private fault(event: StoredEvent): string | null {
    const expected = this.position + 1;
    if (event.globalPosition > expected) {
      const missing = event.globalPosition === expected + 1 ? `${expected} is` : `${expected}–${event.globalPosition - 1} are`;
      return `global position ${missing} missing before this event: events were deleted or moved`;
    }
    if (event.globalPosition < expected) {
      return `global position ${event.globalPosition} comes after ${this.position}: events repeat or are out of order`;
    }
    if (event.recordedAt < this.lastRecordedAt) {
      return `recorded at ${event.recordedAt}, before the event ahead of it (${this.lastRecordedAt})`;
    }
    return this.chains.fault(event);
  }

  result(firstBroken: BrokenEvent | null): AuditResult {
    return {
      ok: firstBroken === null,
      eventsChecked: this.checked,
      firstBroken,
      position: this.position,
      digest: this.tree.root(),
      chainDigest: this.chainDigest,
      hashAlgorithm: this.algorithm,
    };
  }
}

function brokenAt(event: StoredEvent, reason: string): BrokenEvent {
  return { streamId: event.streamId, revision: event.revision, globalPosition: event.globalPosition, reason };
}

export interface AuditOptions {
  /** The ledger's (from its metadata, or the export's); SHA-256 when not said. */
  hashAlgorithm?: HashAlgorithm;
  /** Called after each batch with the number of events checked so far. */
  onProgress?: (eventsChecked: number) => void;
  onRoot?: (size: number, root: () => string) => void;
}

/** Verifies a ledger streamed in global order and returns where it first breaks, with the digest so far. */
export async function auditLedger(batches: AsyncIterable<readonly StoredEvent[]>, options: AuditOptions = {}): Promise<AuditResult> {
  const check = new LedgerCheck(options.hashAlgorithm, options.onRoot);
  try {
    for await (const batch of batches) {
      for (const event of batch) {
        const broken = check.accept(event);
        if (broken) return check.result(broken);
      }
      options.onProgress?.(check.eventsChecked);
    }
  } catch (error) {
    if (!(error instanceof UnreadableEvent)) throw error;
    return check.result({ streamId: null, revision: null, globalPosition: error.after + 1, reason: error.message });
  }
  return check.result(null);
}

/** "stream project-p1 revision 3 (global position 17): …", for messages and the CLI. */
export function describeBroken(broken: BrokenEvent): string {
  const where = broken.streamId === null ? '' : `stream ${broken.streamId} revision ${broken.revision} `;
  return `${where}(global position ${broken.globalPosition}): ${broken.reason}`;
}
