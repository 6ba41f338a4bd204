import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eventStoreContract, sampleEvent } from '../contract/event-store-contract.js';
import { NO_STREAM } from '../port.js';
import { MemoryEventStore } from '../memory/memory-event-store.js';
import { SqliteEventStore, StoreOpenError } from './sqlite-event-store.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

eventStoreContract('sqlite', async () => new SqliteEventStore(join(dir, `contract-${n++}.sqlite`)));
eventStoreContract('sqlite', async () => new SqliteEventStore(join(dir, `contract-${n++}.sqlite`), undefined, { hashAlgorithm: 'sm3' }), 'sm3');

describe('SqliteEventStore specifics', () => {
  it('keeps everything across a reopen of the same file', async () => {
    const file = join(dir, 'reopen.sqlite');
    const first = new SqliteEventStore(file);
    await first.append('s', [sampleEvent(1), sampleEvent(2)], { expectedRevision: NO_STREAM });
    const before = await first.readAll(0, 10);
    await first.close();
    const second = new SqliteEventStore(file);
    expect(await second.readAll(0, 10)).toEqual(before);
    await second.close();
  });

  it('makes the events table append-only even for direct SQL', async () => {
    const file = join(dir, 'append-only.sqlite');
    const store = new SqliteEventStore(file);
    await store.append('s', [sampleEvent(1)], { expectedRevision: NO_STREAM });
    await store.close();
    const db = new Database(file);
    expect(() => db.prepare("UPDATE events SET data = '{}'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    db.close();
  });

  it('keeps its metadata and tree across a reopen; the tree and metadata are append-only for direct SQL too', async () => {
    const file = join(dir, 'meta.sqlite');
    const first = new SqliteEventStore(file, undefined, { hashAlgorithm: 'sm3' });
    await first.append('s', [sampleEvent(1), sampleEvent(2)], { expectedRevision: NO_STREAM });
    const meta = await first.metadata();
    const nodes = await first.treeNodes([{ level: 1, index: 0 }]);
    await first.close();
    // Reopened without saying (or saying otherwise): the file's own metadata wins.
    const second = new SqliteEventStore(file, undefined, { hashAlgorithm: 'sha256' });
    expect(await second.metadata()).toEqual({ ...meta, hashAlgorithm: 'sm3' });
    expect(await second.treeNodes([{ level: 1, index: 0 }])).toEqual(nodes);
    await second.close();
    const db = new Database(file);
    expect(() => db.prepare("UPDATE merkle_nodes SET hash = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM merkle_nodes').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE ledger_metadata SET ledger_id = 'x'").run()).toThrow(/fixed/);
    db.close();
  });

  it('upgrades a format-1 file: a new id, SHA-256 (what its seals use), created at its first event, and the tree of its events', async () => {
    const file = join(dir, 'format-1.sqlite');
    const reference = new MemoryEventStore();
    const source = new SqliteEventStore(file);
    for (let i = 0; i < 9; i++) await source.append(`s-${i % 2}`, [sampleEvent(i)], { expectedRevision: 'any' });
    const events = await source.readAll(0, 100);
    await source.close();
    await reference.importSealed(events);
    const db = new Database(file);
    db.exec('DROP TRIGGER merkle_nodes_no_delete; DROP TRIGGER ledger_metadata_no_delete; DELETE FROM merkle_nodes; DELETE FROM ledger_metadata;');
    db.exec('DROP TABLE merkle_nodes; DROP TABLE ledger_metadata;');
    db.pragma('user_version = 1');
    db.close();
    expect(() => new SqliteEventStore(file, undefined, { hashAlgorithm: 'sm3' })).toThrow(/cannot become a sm3 ledger/);
    const upgraded = new SqliteEventStore(file);
    expect(await upgraded.metadata()).toMatchObject({ hashAlgorithm: 'sha256', createdAt: events[0].recordedAt });
    const keys = [
      { level: 3, index: 0 },
      { level: 0, index: 8 },
    ];
    expect(await upgraded.treeNodes(keys)).toEqual(await reference.treeNodes(keys));
    await upgraded.close();
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(2);
    check.close();
  });

  it('refuses a file written by a newer store format', () => {
    const file = join(dir, 'newer.sqlite');
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => new SqliteEventStore(file)).toThrow(StoreOpenError);
    expect(() => new SqliteEventStore(file)).toThrow(/newer ledger/);
  });

  it('refuses a file that is not a database', () => {
    const file = join(dir, 'garbage.sqlite');
    writeFileSync(file, 'this is not sqlite'.repeat(100));
    expect(() => new SqliteEventStore(file)).toThrow(StoreOpenError);
  });

  it('writes in WAL mode with full synchronous commits', async () => {
    const store = new SqliteEventStore(join(dir, 'pragmas.sqlite'));
    await store.append('s', [sampleEvent(1)], { expectedRevision: NO_STREAM });
    await store.close();
    const db = new Database(join(dir, 'pragmas.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});
