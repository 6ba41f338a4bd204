/**
 * Export and import of the whole ledger as JSON lines (the migration and cold-backup path). An import
 * writes the events exactly as exported (ids, revisions, positions, instants, seals), so the imported
 * ledger has the same digest as the one exported, and anyone can check that it does.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { HashAlgorithm } from '../../event-store/hashing.js';
import type { EventStore, SealedImport, StoredEvent } from '../../event-store/port.js';
import { MalformedExport, parseExportLine, toExportLine } from '../domain/export-line.js';
import { auditLedger, describeBroken, type AuditResult } from '../domain/ledger-check.js';
import { verifyLedger } from './ledger-audit.js';
import { BATCH_SIZE, readBatches } from './read-batches.js';

/** Events per import transaction: an offline bulk load, so larger than the audit reads' batches. */
const IMPORT_BATCH_SIZE = 1000;

/** Every event up to the head at the start, in global order, one canonical JSON line each (no newline). */
export async function* exportLines(store: EventStore, batchSize = BATCH_SIZE): AsyncGenerator<string> {
  for await (const batch of readBatches(store, await store.headPosition(), batchSize)) {
    for (const event of batch) yield toExportLine(event);
  }
}

/** Writes the export to a new file (refusing to overwrite one); returns the number of events written. */
export async function exportToFile(store: EventStore, file: string): Promise<number> {
  const out = createWriteStream(file, { flags: 'wx' });
  await once(out, 'open');
  let events = 0;
  try {
    for await (const line of exportLines(store)) {
      events++;
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    return events;
  } catch (error) {
    // A half-written export must not be mistaken for a whole one.
    out.destroy();
    await rm(file, { force: true });
    throw error;
  }
}

/** The lines of an export file, read as a stream (an export can be larger than memory). */
export function linesOf(file: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(file), crlfDelay: Infinity });
}

/** A store an export file can be imported into (SqliteEventStore, MemoryEventStore, EsdbEventStore). */
export type SealedImportTarget = EventStore & SealedImport;

export class ImportRefused extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ImportRefused';
  }
}

export interface ImportResult {
  eventsImported: number;
  position: number;
  digest: string;
  hashAlgorithm: HashAlgorithm;
}

export interface ImportOptions {
  batchSize?: number;
  onProgress?: (phase: 'checking' | 'writing', events: number) => void;
}

async function* parseBatches(lines: AsyncIterable<string>, batchSize: number): AsyncGenerator<StoredEvent[]> {
  let batch: StoredEvent[] = [];
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    batch.push(parseExportLine(text, line));
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Hands each batch on, then writes it once the consumer asks for more: by then the verifier has passed
 * it. When the verifier stops at a break it stops asking, and the broken batch is never written.
 */
async function* writingEach(batches: AsyncIterable<StoredEvent[]>, target: SealedImportTarget): AsyncGenerator<StoredEvent[]> {
  for await (const batch of batches) {
    yield batch;
    await target.importSealed(batch);
  }
}

async function auditFile(batches: AsyncIterable<StoredEvent[]>, onProgress: (events: number) => void, hashAlgorithm: HashAlgorithm): Promise<AuditResult> {
  try {
    return await auditLedger(batches, { onProgress, hashAlgorithm });
  } catch (error) {
    if (error instanceof MalformedExport) throw new ImportRefused(`the file is not a ledger export: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * Imports an export into an empty ledger. `open` is called twice: the whole file is verified before
 * anything is written, so a broken file leaves the target untouched; the second pass writes and checks
 * again, in case the file changed in between. The target is then read back and verified.
 */
export async function importLedger(open: () => AsyncIterable<string>, target: SealedImportTarget, options: ImportOptions = {}): Promise<ImportResult> {
  const batchSize = options.batchSize ?? IMPORT_BATCH_SIZE;
  const progress = (phase: 'checking' | 'writing') => (events: number) => options.onProgress?.(phase, events);
  const head = await target.headPosition();
  if (head > 0) throw new ImportRefused(`the target ledger is not empty (${head} events); import only into an empty ledger`);
  // The file's seals must be of the target's algorithm: create the target like the ledger exported (docs/audit.md).
  const { hashAlgorithm } = await target.metadata();

  const file = await auditFile(parseBatches(open(), batchSize), progress('checking'), hashAlgorithm);
  if (file.firstBroken) throw new ImportRefused(`the file does not verify, nothing was imported: ${describeBroken(file.firstBroken)}`);

  const written = await auditFile(writingEach(parseBatches(open(), batchSize), target), progress('writing'), hashAlgorithm);
  if (written.firstBroken || written.digest !== file.digest) {
    throw new ImportRefused('the file changed during the import; the target holds a partial import and must be discarded');
  }
  const stored = await verifyLedger(target, { batchSize });
  if (!stored.ok || stored.digest !== file.digest) {
    throw new Error(`the target did not keep the events exactly as imported (${stored.firstBroken ? describeBroken(stored.firstBroken) : 'digest differs'})`);
  }
  return { eventsImported: written.eventsChecked, position: written.position, digest: written.digest, hashAlgorithm };
}
