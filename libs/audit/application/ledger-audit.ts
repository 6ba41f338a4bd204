/** Verify, digest and digest check over an EventStore, for the HTTP queries and the CLI alike. */
import { NotFound, RuleViolation } from '../../kernel/index.js';
import type { EventStore } from '../../event-store/port.js';
import { auditLedger, describeBroken, type AuditResult } from '../domain/ledger-check.js';
import { BATCH_SIZE, readBatches } from './read-batches.js';

export interface VerifyOptions {
  batchSize?: number;
  onProgress?: (eventsChecked: number, head: number) => void;
}

/** Re-reads the ledger up to its head at the start (appends made meanwhile are left for the next run). */
export async function verifyLedger(store: EventStore, options: VerifyOptions = {}): Promise<AuditResult> {
  const head = await store.headPosition();
  return auditLedger(readBatches(store, head, options.batchSize ?? BATCH_SIZE), {
    onProgress: (checked) => options.onProgress?.(checked, head),
  });
}

export interface LedgerDigest {
  position: number;
  digest: string;
}

/** The digest at `position`, or why there is none: the position is beyond the head, or the ledger breaks before it. */
async function digestOrWhyNot(store: EventStore, position: number): Promise<LedgerDigest | NotFound | RuleViolation> {
  const head = await store.headPosition();
  if (!Number.isSafeInteger(position) || position < 0 || position > head) return new NotFound(`the ledger holds ${head} events; it has no position ${position}`);
  const result = await auditLedger(readBatches(store, position));
  if (result.firstBroken) {
    return new RuleViolation('ledger-verifies', `the ledger does not verify up to position ${position}: ${describeBroken(result.firstBroken)}`);
  }
  return { position: result.position, digest: result.digest };
}

/** The digest an auditor keeps: at `position`, by default the head. */
export async function ledgerDigest(store: EventStore, position?: number): Promise<LedgerDigest> {
  const found = await digestOrWhyNot(store, position ?? (await store.headPosition()));
  if (found instanceof Error) throw found;
  return found;
}

export interface DigestCheck {
  ok: boolean;
  /** Why the check failed, in plain words; null when it holds. */
  reason: string | null;
}

/** Whether the ledger still extends a digest kept earlier: same history up to that position, verified. */
export async function checkDigest(store: EventStore, kept: LedgerDigest): Promise<DigestCheck> {
  const now = await digestOrWhyNot(store, kept.position);
  if (now instanceof Error) return { ok: false, reason: now.message };
  if (now.digest !== kept.digest) {
    return { ok: false, reason: `the history up to position ${kept.position} differs from the one that digest was taken of` };
  }
  return { ok: true, reason: null };
}
