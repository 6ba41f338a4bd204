/**
 * The mutable side of accounts, in `<data dir>/credentials.sqlite` (mode 0600), never in the event
 * store: password hashes, setup-code hashes, sign-in sessions and personal API tokens (sha-256 only),
 * and the access log. Rows are updated and deleted here; the ledger's events stay immutable.
 */
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ConfigError } from '../../platform/config.js';
import { sha256Hex } from '../../platform/tokens.js';
import { normaliseSetupCode } from './secrets.js';

export interface SessionRow {
  sessionId: string;
  login: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface ApiTokenRow {
  tokenId: string;
  login: string;
  name: string;
  createdAt: string;
  expiresOn: string | null;
}

export interface AccessEntry {
  at: string;
  actor: string;
  role: string;
  accountId: string | null;
  method: string;
  route: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

export interface AccessFilter {
  actor?: string;
  from?: string;
  to?: string;
  route?: string;
  after?: number;
  limit: number;
}

export class CredentialStore {
  readonly db: Database.Database;

  constructor(dataDir: string) {
    const file = join(dataDir, 'credentials.sqlite');
    const fresh = !existsSync(file);
    this.db = open(file, fresh);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // Passwords and setup codes

  passwordHash(login: string): string | null {
    const row = this.db.prepare('SELECT hash FROM passwords WHERE login = ?').get(login) as { hash: string } | undefined;
    return row?.hash ?? null;
  }

  /** Stores a setup code's hash, replacing any earlier code, and clears the password until the code is used. */
  issueSetupCode(login: string, code: string, expiresAt: number): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT OR REPLACE INTO setup_codes (login, code_hash, expires_at) VALUES (?, ?, ?)')
        .run(login, sha256Hex(normaliseSetupCode(code)), expiresAt);
      this.db.prepare('DELETE FROM passwords WHERE login = ?').run(login);
    })();
  }

  /** Uses up a live setup code and stores the password's hash; false when the code is wrong, used or expired. */
  setPasswordWithCode(login: string, code: string, passwordHash: string, now: number): boolean {
    return this.db.transaction(() => {
      const deleted = this.db
        .prepare('DELETE FROM setup_codes WHERE login = ? AND code_hash = ? AND expires_at > ?')
        .run(login, sha256Hex(normaliseSetupCode(code)), now);
      if (deleted.changes !== 1) return false;
      this.db.prepare('INSERT OR REPLACE INTO passwords (login, hash, set_at) VALUES (?, ?, ?)').run(login, passwordHash, now);
      return true;
    })();
  }

  // Sessions

  addSession(sessionId: string, token: string, login: string, now: number): void {
    this.db
      .prepare('INSERT INTO sessions (session_id, token_hash, login, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)')
      .run(sessionId, sha256Hex(token), login, now, now);
  }

  sessionByToken(token: string): SessionRow | null {
    const row = this.db.prepare('SELECT session_id, login, created_at, last_seen_at FROM sessions WHERE token_hash = ?').get(sha256Hex(token)) as
      { session_id: string; login: string; created_at: number; last_seen_at: number } | undefined;
    return row ? { sessionId: row.session_id, login: row.login, createdAt: row.created_at, lastSeenAt: row.last_seen_at } : null;
  }

  touchSession(sessionId: string, now: number): void {
    this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE session_id = ?').run(now, sessionId);
  }

  deleteSession(sessionId: string): void {
    this.db.prepare('DELETE FROM sessions WHERE session_id = ?').run(sessionId);
  }

  /** Ends every session of a login (a reset, a disabling); returns how many. */
  deleteSessionsOf(login: string): number {
    return this.db.prepare('DELETE FROM sessions WHERE login = ?').run(login).changes;
  }

  // Personal API tokens

  addApiToken(row: ApiTokenRow, token: string): void {
    this.db
      .prepare('INSERT INTO api_tokens (token_id, token_hash, login, name, created_at, expires_on) VALUES (?, ?, ?, ?, ?, ?)')
      .run(row.tokenId, sha256Hex(token), row.login, row.name, row.createdAt, row.expiresOn);
  }

  apiTokenByToken(token: string): ApiTokenRow | null {
    const row = this.db.prepare('SELECT token_id, login, name, created_at, expires_on FROM api_tokens WHERE token_hash = ?').get(sha256Hex(token)) as
      TokenDbRow | undefined;
    return row ? fromTokenRow(row) : null;
  }

  apiTokensOf(login: string): ApiTokenRow[] {
    const rows = this.db
      .prepare('SELECT token_id, login, name, created_at, expires_on FROM api_tokens WHERE login = ? ORDER BY created_at, token_id')
      .all(login) as TokenDbRow[];
    return rows.map(fromTokenRow);
  }

  /** Revokes one token of a login (or of anyone, with login null: the operator's CLI); false when there is none. */
  deleteApiToken(tokenId: string, login: string | null): boolean {
    const result =
      login === null
        ? this.db.prepare('DELETE FROM api_tokens WHERE token_id = ?').run(tokenId)
        : this.db.prepare('DELETE FROM api_tokens WHERE token_id = ? AND login = ?').run(tokenId, login);
    return result.changes === 1;
  }

  deleteApiTokensOf(login: string): number {
    return this.db.prepare('DELETE FROM api_tokens WHERE login = ?').run(login).changes;
  }

  // Access log

  logAccess(entry: AccessEntry): void {
    this.db
      .prepare('INSERT INTO access_log (at, actor, role, account_id, method, route, path, query, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(entry.at, entry.actor, entry.role, entry.accountId, entry.method, entry.route, entry.path, JSON.stringify(entry.query), entry.status);
  }

  /** Entries in order of recording, after the cursor `after` (a `seq`), filtered. */
  accessLog(filter: AccessFilter): { seq: number; entry: AccessEntry }[] {
    const where: string[] = ['seq > ?'];
    const params: (string | number)[] = [filter.after ?? 0];
    const conditions: [string, string | undefined][] = [
      ['actor = ?', filter.actor],
      ['at >= ?', filter.from],
      ['at < ?', filter.to],
      ['route = ?', filter.route],
    ];
    for (const [condition, value] of conditions) {
      if (value === undefined) continue;
      where.push(condition);
      params.push(value);
    }
    const rows = this.db.prepare(`SELECT * FROM access_log WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`).all(...params, filter.limit) as AccessDbRow[];
    return rows.map((r) => ({
      seq: r.seq,
      entry: {
        at: r.at,
        actor: r.actor,
        role: r.role,
        accountId: r.account_id,
        method: r.method,
        route: r.route,
        path: r.path,
        query: JSON.parse(r.query) as Record<string, string>,
        status: r.status,
      },
    }));
  }
}

const SCHEMA = `
      CREATE TABLE IF NOT EXISTS passwords (login TEXT PRIMARY KEY, hash TEXT NOT NULL, set_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS setup_codes (login TEXT PRIMARY KEY, code_hash TEXT NOT NULL, expires_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS sessions (
        session_id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, login TEXT NOT NULL,
        created_at INTEGER NOT NULL, last_seen_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS sessions_login ON sessions (login);
      CREATE TABLE IF NOT EXISTS api_tokens (
        token_id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, login TEXT NOT NULL, name TEXT NOT NULL,
        created_at TEXT NOT NULL, expires_on TEXT);
      CREATE INDEX IF NOT EXISTS api_tokens_login ON api_tokens (login);
      CREATE TABLE IF NOT EXISTS access_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
        account_id TEXT, method TEXT NOT NULL, route TEXT NOT NULL, path TEXT NOT NULL, query TEXT NOT NULL, status INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS access_log_at ON access_log (at);`;

/** Opens (or creates, mode 0600) the credentials file; a file that is not a database stops the start in one line. */
function open(file: string, fresh: boolean): Database.Database {
  try {
    const db = new Database(file);
    if (fresh) chmodSync(file, 0o600);
    db.pragma('journal_mode = WAL');
    db.exec(SCHEMA);
    return db;
  } catch (error) {
    throw new ConfigError(`cannot open the credentials database ${file}: ${(error as Error).message}`);
  }
}

interface TokenDbRow {
  token_id: string;
  login: string;
  name: string;
  created_at: string;
  expires_on: string | null;
}

interface AccessDbRow {
  seq: number;
  at: string;
  actor: string;
  role: string;
  account_id: string | null;
  method: string;
  route: string;
  path: string;
  query: string;
  status: number;
}

const fromTokenRow = (r: TokenDbRow): ApiTokenRow => ({ tokenId: r.token_id, login: r.login, name: r.name, createdAt: r.created_at, expiresOn: r.expires_on });
