/**
 * Bearer tokens of the tokens file (API.md "Authentication"): bootstrap and machine credentials.
 * Entries hold a token or its sha-256; lookups compare hashes in constant time. The file is read
 * strictly: an unknown key (a misspelt `unitID`) or a token listed twice stops the start. With no
 * tokens file, the first start writes one holding only the hash of a single admin token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config.js';

import { ROLES, type Role } from '../kernel/index.js';

export { ROLES, type Role };

/** How a principal proved who it is: a tokens-file entry, a sign-in session, or a personal API token. */
export type Credential = { kind: 'tokens-file' } | { kind: 'session'; id: string } | { kind: 'api-token'; id: string };

export interface Principal {
  /** Recorded on every event: the tokens-file actor, or an account's login. */
  actor: string;
  role: Role;
  unitId: string | null;
  /** The person's account, when the principal is one (null or absent for tokens-file entries). */
  accountId?: string | null;
  displayName?: string;
  credential?: Credential;
}

interface TokenEntry extends Principal {
  hash: Buffer;
}

const ENTRY_KEYS = new Set(['token', 'tokenSha256', 'actor', 'role', 'unitId']);

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class TokenRegistry {
  constructor(
    private readonly entries: readonly TokenEntry[],
    /** Whether some entry holds a token in clear (not only its sha-256). */
    readonly holdsClearTokens = false,
  ) {}

  static parse(text: string, source: string): TokenRegistry {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new ConfigError(`tokens file ${source} is not valid JSON`);
    }
    if (!Array.isArray(raw)) throw new ConfigError(`tokens file ${source} must hold a JSON array`);
    const seen = new Map<string, number>();
    let clear = false;
    const entries = raw.map((item: unknown, i): TokenEntry => {
      const where = `tokens file ${source}, entry ${i}`;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new ConfigError(`${where}: not an object`);
      const e = item as Record<string, unknown>;
      const unknown = Object.keys(e).filter((k) => !ENTRY_KEYS.has(k));
      if (unknown.length)
        throw new ConfigError(`${where}: unknown key ${unknown.map((k) => JSON.stringify(k)).join(', ')}; allowed: ${[...ENTRY_KEYS].join(', ')}`);
      if (typeof e.actor !== 'string' || !e.actor) throw new ConfigError(`${where}: actor is missing`);
      if (!ROLES.includes(e.role as Role)) throw new ConfigError(`${where}: role must be one of ${ROLES.join(', ')}`);
      if (e.unitId !== undefined && (typeof e.unitId !== 'string' || !e.unitId)) throw new ConfigError(`${where}: unitId must be a non-empty string`);
      if (e.token !== undefined && e.tokenSha256 !== undefined) throw new ConfigError(`${where}: give "token" or "tokenSha256", not both`);
      const hex =
        typeof e.tokenSha256 === 'string' ? e.tokenSha256.toLowerCase() : typeof e.token === 'string' && e.token.length >= 16 ? sha256Hex(e.token) : null;
      if (!hex || !/^[0-9a-f]{64}$/.test(hex)) {
        throw new ConfigError(`${where}: needs "token" (16 characters or more) or "tokenSha256" (64 hex digits)`);
      }
      const twin = seen.get(hex);
      if (twin !== undefined) throw new ConfigError(`${where}: the same token as entry ${twin}; every token must be listed once`);
      seen.set(hex, i);
      if (e.token !== undefined) clear = true;
      return { actor: e.actor, role: e.role as Role, unitId: (e.unitId as string | undefined) ?? null, hash: Buffer.from(hex, 'hex') };
    });
    return new TokenRegistry(entries, clear);
  }

  /** The actors the file names (an account may not take one of these logins). */
  actors(): Set<string> {
    return new Set(this.entries.map((e) => e.actor));
  }

  /** Finds the principal of a presented token, comparing every entry's hash in constant time. */
  authenticate(token: string): Principal | null {
    const presented = createHash('sha256').update(token).digest();
    let found: TokenEntry | null = null;
    for (const entry of this.entries) if (timingSafeEqual(entry.hash, presented) && !found) found = entry;
    return (
      found && { actor: found.actor, role: found.role, unitId: found.unitId, accountId: null, displayName: found.actor, credential: { kind: 'tokens-file' } }
    );
  }
}

export interface LoadedTokens {
  registry: TokenRegistry;
  /** The admin token made on the first start, to print once. */
  created: string | null;
  /** A loud warning to print (a world-readable file holding clear tokens), or null. */
  warning: string | null;
}

/** Reads and checks a tokens file (used by the pre-flight check and by the application). */
export function readTokensFile(file: string): { registry: TokenRegistry; warning: string | null } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read tokens file ${file}: ${(error as Error).message}`);
  }
  const registry = TokenRegistry.parse(text, file);
  const worldReadable = (statSync(file).mode & 0o004) !== 0;
  const warning =
    registry.holdsClearTokens && worldReadable
      ? `WARNING: tokens file ${file} holds tokens in clear and every user of this machine may read it: chmod 600 it, or keep only "tokenSha256"`
      : null;
  return { registry, warning };
}

/** Loads the configured tokens file, or creates one with a fresh admin token and returns it to print once. */
export function loadTokens(tokensFile: string | null, dataDir: string): LoadedTokens {
  const file = tokensFile ?? join(dataDir, 'tokens.json');
  if (existsSync(file)) return { ...readTokensFile(file), created: null };
  if (tokensFile) throw new ConfigError(`LEDGER_TOKENS_FILE ${file} does not exist`);
  const created = randomBytes(24).toString('base64url');
  const entries = [{ tokenSha256: sha256Hex(created), actor: 'bootstrap-admin', role: 'admin' }];
  writeFileSync(file, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o600 });
  return { registry: TokenRegistry.parse(JSON.stringify(entries), file), created, warning: null };
}
