/** Opens the configured event store and the read-model database, failing with a message that says what is wrong. */
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readdirSync, statSync, unlinkSync } from 'node:fs';
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

export const LEDGER_FILE = 'ledger.sqlite';

/** Files that only an earlier start leaves in a data directory: beside them, a missing ledger is a lost one. */
function leftovers(config: LedgerConfig): string[] {
  const names = readdirSync(config.dataDir);
  const found = names.filter((n) => /^read-models-.*\.sqlite$/.test(n) || n === `${LEDGER_FILE}-wal`);
  // tokens.json is the ledger's own only when it generated it (no LEDGER_TOKENS_FILE).
  if (!config.tokensFile && names.includes('tokens.json')) found.push('tokens.json');
  return found;
}

/**
 * A ledger is created explicitly only: by the server's first start on an empty data directory, or by
 * `ledger init` (`create`). Every other opener needs one there. A directory holding read models or
 * generated tokens but no (or an empty) ledger.sqlite has lost its ledger: it is refused, never
 * given a fresh one beside the old read side.
 */
export function checkLedgerPresence(config: LedgerConfig, create: boolean): void {
  if (config.store !== 'sqlite') return;
  // Not a directory: ensureDataDir names that.
  if (existsSync(config.dataDir) && !statSync(config.dataDir).isDirectory()) return;
  const file = join(config.dataDir, LEDGER_FILE);
  const present = existsSync(file) && statSync(file).size > 0;
  if (present) return;
  if (!create) {
    throw new ConfigError(
      `LEDGER_DATA_DIR ${config.dataDir} holds no ledger (${LEDGER_FILE} is ${existsSync(file) ? 'empty' : 'missing'}): check LEDGER_DATA_DIR, or create a ledger with \`npm run ledger -- init\``,
    );
  }
  if (!existsSync(config.dataDir)) return;
  const found = leftovers(config);
  if (found.length > 0) {
    throw new ConfigError(
      `LEDGER_DATA_DIR ${config.dataDir} holds ${found.join(', ')} but ${LEDGER_FILE} is ${existsSync(file) ? 'empty' : 'missing'}: ` +
        'refusing to start a fresh ledger beside them; restore the ledger from a backup (docs/operations.md)',
    );
  }
}

/** Opens the configured store; `create` (the server, `ledger init`) allows a new ledger in an empty data directory. */
export async function openEventStore(config: LedgerConfig, options: { create?: boolean } = {}): Promise<EventStore> {
  const create = options.create ?? true;
  checkLedgerPresence(config, create);
  ensureDataDir(config.dataDir);
  if (config.store === 'esdb') {
    const { openEsdbEventStore } = await import('../event-store/esdb/index.js');
    return openEsdbEventStore(config.esdbConnectionString!);
  }
  return new SqliteEventStore(join(config.dataDir, LEDGER_FILE));
}

/** Read models live in their own file: they can be dropped and rebuilt without touching the events. */
export function openReadDb(config: LedgerConfig): Database.Database {
  ensureDataDir(config.dataDir);
  try {
    // A short busy wait: only a foreign process can hold this file, and a synchronous wait stalls every request.
    const db = new Database(join(config.dataDir, `read-models-${config.store}.sqlite`), { timeout: 500 });
    db.pragma('journal_mode = WAL');
    // Read models are rebuildable from the events, so a lost tail after a power cut only costs a replay.
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (error) {
    throw new ConfigError(`cannot open the read-model database in ${config.dataDir}: ${(error as Error).message}`);
  }
}
