import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { NewEvent } from '../../event-store/port.js';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store.js';
import { seededSqlite, tempDir } from '../testing/sqlite-ledger.js';
import { backupLedger } from './backup.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const filler = (i: number): NewEvent => ({
  type: 'SampleRecorded',
  data: { i, note: 'x'.repeat(2000) },
  occurredOn: '2026-01-05',
  actor: 'li.ming',
  role: 'recorder',
});

/** Appends one event per turn of the event loop, so a backup stepping through pages interleaves with it. */
async function keepWriting(store: SqliteEventStore, stream: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await store.append(stream, [filler(i)], { expectedRevision: 'any' });
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('backupLedger', () => {
  it('copies a consistent, verifying prefix of the ledger while writers in this and another connection run', async () => {
    const live = await seededSqlite(dir);
    // Some bulk first, so the copy takes many steps.
    for (let i = 0; i < 20; i++)
      await live.append(
        'bulk',
        Array.from({ length: 100 }, (_, j) => filler(i * 100 + j)),
        { expectedRevision: 'any' },
      );
    const other = new SqliteEventStore(live.file);
    const target = join(dir, 'backup.sqlite');

    const [report] = await Promise.all([backupLedger(live, target), keepWriting(live, 'here', 150), keepWriting(other, 'there', 150)]);

    expect(report).toMatchObject({ ok: true, firstBroken: null });
    expect(report.eventsChecked).toBeGreaterThanOrEqual(2012);
    const copy = new SqliteEventStore(target);
    const copied = await copy.readAll(0, 1e6);
    expect(copied).toEqual(await live.readAll(0, copied.length));
    expect(await live.headPosition()).toBe(2012 + 300);
    await Promise.all([copy.close(), other.close(), live.close()]);
  });

  it('refuses to overwrite an existing file', async () => {
    const live = await seededSqlite(dir);
    const target = join(dir, 'taken.sqlite');
    await backupLedger(live, target);
    await expect(backupLedger(live, target)).rejects.toThrow(/already exists/);
    await live.close();
  });
});
