import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryEventStore } from '../../event-store/memory/memory-event-store.js';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store.js';
import { seededSqlite, tempDir } from '../testing/sqlite-ledger.js';
import { toNewEvent } from '../testing/sample-ledger.js';
import { ImportRefused, exportLines, exportToFile, importLedger, linesOf } from './export-import.js';
import { checkDigest, ledgerDigest, verifyLedger } from './ledger-audit.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (name: string) => join(dir, `${n++}-${name}`);

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

async function* each(lines: readonly string[]): AsyncGenerator<string> {
  yield* lines;
}

async function exportedLines(): Promise<string[]> {
  const source = await seededSqlite(dir);
  const lines = await collect(exportLines(source));
  await source.close();
  return lines;
}

describe('export → import', () => {
  it('round-trips through a file into an empty SQLite ledger: same events, seals and digest; verify passes', async () => {
    const source = await seededSqlite(dir);
    const exported = file('ledger.jsonl');
    expect(await exportToFile(source, exported)).toBe(12);
    const target = new SqliteEventStore(file('imported.sqlite'));
    const progress: string[] = [];
    const result = await importLedger(() => linesOf(exported), target, { batchSize: 5, onProgress: (phase, events) => progress.push(`${phase} ${events}`) });

    const kept = await ledgerDigest(source);
    expect(result).toEqual({ eventsImported: 12, ...kept });
    expect(await target.readAll(0, 100)).toEqual(await source.readAll(0, 100));
    expect(await verifyLedger(target)).toMatchObject({ ok: true, eventsChecked: 12, ...kept });
    expect(await checkDigest(target, kept)).toEqual({ ok: true, reason: null });
    expect(progress).toEqual(['checking 5', 'checking 10', 'checking 12', 'writing 5', 'writing 10', 'writing 12']);
    // Exporting the copy gives the same bytes.
    const again = file('again.jsonl');
    await exportToFile(target, again);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(exported, 'utf8'));
    await Promise.all([source.close(), target.close()]);
  });

  it('imports into a memory ledger too, and new appends continue the imported chains', async () => {
    const lines = await exportedLines();
    const target = new MemoryEventStore();
    await importLedger(() => each(lines), target);
    const { events } = await target.append('project-p1', [toNewEvent({ type: 'ProjectCompleted', data: { completedOn: '2026-01-05' } })], {
      expectedRevision: 4,
    });
    const [last] = await target.readAll(11, 1);
    expect(events[0]).toMatchObject({ revision: 5, globalPosition: 13, previousHash: last.hash });
    expect(events[0].recordedAt >= last.recordedAt).toBe(true);
    expect(await verifyLedger(target)).toMatchObject({ ok: true, eventsChecked: 13 });
  });

  it('refuses a target that is not empty', async () => {
    const lines = await exportedLines();
    const target = await seededSqlite(dir);
    await expect(importLedger(() => each(lines), target)).rejects.toThrow(
      new ImportRefused('the target ledger is not empty (12 events); import only into an empty ledger'),
    );
    await target.close();
  });

  it.each([
    [
      'an edited event',
      (lines: string[]) => lines.map((l, i) => (i === 6 ? l.replace('li.ming', 'mallory') : l)),
      /stream project-p1 revision 3 \(global position 7\): its content or metadata/,
    ],
    ['a missing event', (lines: string[]) => lines.filter((_, i) => i !== 4), /global position 5 is missing/],
    ['two events swapped', (lines: string[]) => [lines[0], lines[2], lines[1], ...lines.slice(3)], /global position 2 is missing/],
    ['a malformed line', (lines: string[]) => [...lines.slice(0, 8), '{"oops"', ...lines.slice(8)], /not a ledger export: line 9: not JSON/],
  ])('refuses a file with %s and leaves the target empty', async (_, edit, message) => {
    const lines = edit(await exportedLines());
    const target = new SqliteEventStore(file('refused.sqlite'));
    const attempt = importLedger(() => each(lines), target, { batchSize: 3 });
    await expect(attempt).rejects.toBeInstanceOf(ImportRefused);
    await expect(attempt).rejects.toThrow(message);
    expect(await target.headPosition()).toBe(0);
    await target.close();
  });

  it('refuses a file that changes between its check and its writing', async () => {
    const lines = await exportedLines();
    const opened: string[][] = [lines, lines.map((l, i) => (i === 10 ? l.replace('bank reversed', 'bank kept') : l))];
    const target = new MemoryEventStore();
    await expect(importLedger(() => each(opened.shift()!), target, { batchSize: 4 })).rejects.toThrow(/changed during the import/);
  });

  it('ignores blank lines, such as the final newline of a file', async () => {
    const exported = file('blank.jsonl');
    writeFileSync(exported, `${(await exportedLines()).join('\n')}\n\n`);
    expect(await importLedger(() => linesOf(exported), new MemoryEventStore())).toMatchObject({ eventsImported: 12 });
  });

  it('never overwrites an existing export file', async () => {
    const source = await seededSqlite(dir);
    const exported = file('existing.jsonl');
    writeFileSync(exported, 'keep me');
    await expect(exportToFile(source, exported)).rejects.toThrow(/EEXIST/);
    expect(readFileSync(exported, 'utf8')).toBe('keep me');
    await source.close();
  });
});
