/** Opens the configured event store and the read-model database, failing with a message that says what is wrong. */
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore, type EventStore } from '../event-store/index.js';
import { ConfigError, type LedgerConfig } from './config.js';

export function ensureDataDir(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new ConfigError(`LEDGER_DATA_DIR ${dir} is not a directory`);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.R_OK | constants.W_OK);
    // access() trusts the mode bits; only a real write proves the disk takes writes (read-only mounts, root).
    const probe = join(dir, `.write-probe-${process.pid}`);
    closeSync(openSync(probe, 'w'));
    unlinkSync(probe);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const why = code === 'EROFS' ? 'it is on a read-only file system' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : message;
    throw new ConfigError(`LEDGER_DATA_DIR ${dir} is not a readable and writable directory: ${why}`);
  }
}

export async function openEventStore(config: LedgerConfig): Promise<EventStore> {
  ensureDataDir(config.dataDir);
  if (config.store === 'esdb') {
    const { openEsdbEventStore } = await import('../event-store/esdb/index.js');
    return openEsdbEventStore(config.esdbConnectionString!, { creation: { hashAlgorithm: config.hashAlgorithm } });
  }
  return new SqliteEventStore(join(config.dataDir, 'ledger.sqlite'), undefined, { hashAlgorithm: config.hashAlgorithm });
}

/** Read models live in their own file: they can be dropped and rebuilt without touching the events. */
export function openReadDb(config: LedgerConfig): Database.Database {
  ensureDataDir(config.dataDir);
  try {
    const db = new Database(join(config.dataDir, `read-models-${config.store}.sqlite`));
    db.pragma('journal_mode = WAL');
    // Read models are rebuildable from the events, so a lost tail after a power cut only costs a replay.
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (error) {
    throw new ConfigError(`cannot open the read-model database in ${config.dataDir}: ${(error as Error).message}`);
  }
}
