/**
 * The ledger's hash algorithm, chosen when a ledger is created and kept in its metadata: SHA-256
 * (FIPS 180-4, the default) or SM3 (GB/T 32905-2016, for 密评/等保 deployments). Both give 32 bytes,
 * so seals, tree nodes and digests are 64 hex digits either way. Node's crypto (OpenSSL 3) has both.
 */
import { createHash } from 'node:crypto';

export const HASH_ALGORITHMS = ['sha256', 'sm3'] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];
export const DEFAULT_HASH_ALGORITHM: HashAlgorithm = 'sha256';

export function isHashAlgorithm(value: unknown): value is HashAlgorithm {
  return typeof value === 'string' && (HASH_ALGORITHMS as readonly string[]).includes(value);
}

/** The digest of the parts, one after another, as 64 lowercase hex digits. */
export function hashHex(algorithm: HashAlgorithm, ...parts: (string | Uint8Array)[]): string {
  const hash = createHash(algorithm);
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}
