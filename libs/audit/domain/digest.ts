import { createHash } from 'node:crypto';

/** The digest of the empty ledger (position 0). */
export const GENESIS_DIGEST = '0'.repeat(64);

/**
 * One link of the ledger-wide hash chain: sha-256 over the 32 raw bytes of the previous digest followed
 * by the 32 raw bytes of the next event's seal. Raw bytes (not hex text) so an auditor can recompute it
 * with any sha-256 tool; see README.md.
 */
export function nextDigest(previous: string, seal: string): string {
  return createHash('sha256').update(Buffer.from(previous, 'hex')).update(Buffer.from(seal, 'hex')).digest('hex');
}

export function isDigest(text: unknown): text is string {
  return typeof text === 'string' && /^[0-9a-f]{64}$/.test(text);
}
