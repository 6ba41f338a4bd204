/**
 * Copying a whole ledger from one store to another (SQLite → EventStoreDB and back) with every event
 * kept exactly: eventId, stream, revision, globalPosition, recordedAt and seals. Nothing is re-sealed,
 * so the copy has the same ledger digest as the original (libs/audit checks digests; run its verify on
 * the source first, since a copy of a broken ledger is faithfully broken). The same `importSealed` is
 * what libs/audit's JSON-lines import writes through, for copies that travel as a file.
 */
import { canonicalJson } from '../../kernel/index.js';
import type { EventStore, SealedImport, StoredEvent } from '../port.js';

export type LedgerSource = Pick<EventStore, 'kind' | 'readAll' | 'metadata'>;

/** What a migration writes into (SQLite, memory, EventStoreDB). */
export type ImportTarget = Pick<EventStore, 'kind' | 'readAll' | 'headPosition' | 'metadata'> & SealedImport;

/** A target refusing an event that would not extend its ledger exactly as the source has it. */
export class SealedImportRefused extends Error {
  constructor(event: StoredEvent, reason: string) {
    super(`cannot import event ${event.globalPosition} (${event.streamId}@${event.revision}): ${reason}`);
    this.name = 'SealedImportRefused';
  }
}

export class LedgerCopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerCopyError';
  }
}

export interface CopyReport {
  /** Events written by this run. */
  copied: number;
  /** Events the target held already (from an interrupted earlier run), found equal to the source's. */
  alreadyThere: number;
  /** The last position, the same on both sides afterwards. */
  head: number;
}

async function* inOrder(store: LedgerSource, batchSize: number): AsyncGenerator<StoredEvent[]> {
  for (let after = 0; ;) {
    const batch = await store.readAll(after, batchSize);
    if (batch.length === 0) return;
    yield batch;
    after = batch.at(-1)!.globalPosition;
  }
}

/**
 * Copies the source's events after the target's head (so an interrupted copy resumes), then reads the
 * target back whole and compares it with the source event for event: equal events mean equal seals.
 */
export async function copyLedger(from: LedgerSource, to: ImportTarget, { batchSize = 500 } = {}): Promise<CopyReport> {
  const [source, target] = [await from.metadata(), await to.metadata()];
  if (source.hashAlgorithm !== target.hashAlgorithm) {
    throw new LedgerCopyError(`the source (${from.kind}) seals with ${source.hashAlgorithm}, the target (${to.kind}) with ${target.hashAlgorithm}`);
  }
  const resumeAfter = await to.headPosition();
  let copied = 0;
  let head = 0;
  for await (const batch of inOrder(from, batchSize)) {
    head = batch.at(-1)!.globalPosition;
    const fresh = batch.filter((event) => event.globalPosition > resumeAfter);
    if (fresh.length > 0) await to.importSealed(fresh);
    copied += fresh.length;
  }
  if (resumeAfter > head) throw new LedgerCopyError(`the target (${to.kind}) holds ${resumeAfter} events, the source (${from.kind}) only ${head}`);

  const originals = inOrder(from, batchSize);
  let pending: StoredEvent[] = [];
  let compared = 0;
  for await (const batch of inOrder(to, batchSize)) {
    for (const event of batch) {
      if (pending.length === 0) pending = [...((await originals.next()).value ?? [])];
      const original = pending.shift();
      if (!original || canonicalJson(original) !== canonicalJson(event)) {
        throw new LedgerCopyError(`the target (${to.kind}) differs from the source (${from.kind}) at position ${event.globalPosition}`);
      }
      compared++;
    }
  }
  if (compared !== head) throw new LedgerCopyError(`the target (${to.kind}) reads back ${compared} events, the source has ${head}`);
  return { copied, alreadyThere: head - copied, head };
}
