/**
 * Bearer tokens (API.md "Authentication"). Entries hold a token or its sha-256; lookups compare
 * hashes in constant time. With no tokens file, the first start writes one holding only hashes.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config.js';

export const ROLES = ['admin', 'recorder', 'assessor', 'finance', 'auditor', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  actor: string;
  role: Role;
  unitId: string | null;
}

interface TokenEntry extends Principal {
  hash: Buffer;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class TokenRegistry {
  constructor(private readonly entries: readonly TokenEntry[]) {}

  static parse(text: string, source: string): TokenRegistry {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new ConfigError(`tokens file ${source} is not valid JSON`);
    }
    if (!Array.isArray(raw)) throw new ConfigError(`tokens file ${source} must hold a JSON array`);
    const entries = raw.map((item: unknown, i): TokenEntry => {
      const e = item as Record<string, unknown>;
      const where = `tokens file ${source}, entry ${i}`;
      if (typeof e !== 'object' || e === null) throw new ConfigError(`${where}: not an object`);
      if (typeof e.actor !== 'string' || !e.actor) throw new ConfigError(`${where}: actor is missing`);
      if (!ROLES.includes(e.role as Role)) throw new ConfigError(`${where}: role must be one of ${ROLES.join(', ')}`);
      if (e.unitId !== undefined && typeof e.unitId !== 'string') throw new ConfigError(`${where}: unitId must be a string`);
      const hex =
        typeof e.tokenSha256 === 'string' ? e.tokenSha256.toLowerCase() : typeof e.token === 'string' && e.token.length >= 16 ? sha256Hex(e.token) : null;
      if (!hex || !/^[0-9a-f]{64}$/.test(hex)) {
        throw new ConfigError(`${where}: needs "token" (16 characters or more) or "tokenSha256" (64 hex digits)`);
      }
      return { actor: e.actor, role: e.role as Role, unitId: (e.unitId as string | undefined) ?? null, hash: Buffer.from(hex, 'hex') };
    });
    return new TokenRegistry(entries);
  }

  /** Finds the principal of a presented token, comparing every entry's hash in constant time. */
  authenticate(token: string): Principal | null {
    const presented = createHash('sha256').update(token).digest();
    let found: TokenEntry | null = null;
    for (const entry of this.entries) if (timingSafeEqual(entry.hash, presented) && !found) found = entry;
    return found && { actor: found.actor, role: found.role, unitId: found.unitId };
  }
}

/** Loads the configured tokens file, or creates one with a fresh token per role and returns them to print once. */
export function loadTokens(tokensFile: string | null, dataDir: string): { registry: TokenRegistry; created: Record<string, string> | null } {
  const file = tokensFile ?? join(dataDir, 'tokens.json');
  if (existsSync(file)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(`cannot read tokens file ${file}: ${(error as Error).message}`);
    }
    return { registry: TokenRegistry.parse(text, file), created: null };
  }
  if (tokensFile) throw new ConfigError(`LEDGER_TOKENS_FILE ${file} does not exist`);
  const created = Object.fromEntries(ROLES.map((role) => [role, randomBytes(24).toString('base64url')]));
  const entries = ROLES.map((role) => ({ tokenSha256: sha256Hex(created[role]), actor: `${role}-1`, role }));
  writeFileSync(file, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o600 });
  return { registry: TokenRegistry.parse(JSON.stringify(entries), file), created };
}
