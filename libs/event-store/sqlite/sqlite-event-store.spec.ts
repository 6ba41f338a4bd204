import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eventStoreContract, sampleEvent } from '../contract/event-store-contract.js';
import { NO_STREAM } from '../port.js';
import { SqliteEventStore, StoreOpenError } from './sqlite-event-store.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

eventStoreContract('sqlite', async () => new SqliteEventStore(join(dir, `contract-${n++}.sqlite`)));

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
