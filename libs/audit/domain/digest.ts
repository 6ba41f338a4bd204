import { hashHex, type HashAlgorithm } from '../../event-store/hashing.js';

/**
 * The ledger's digest at position n is the root of its Merkle tree of size n (event-store/merkle). The
 * chain digest below is what digests were before the tree; it is still computed, so a digest an auditor
 * kept from then is still checkable (docs/audit.md, "Digests issued before the tree").
 */

/** The chain digest of the empty ledger (position 0). */
export const GENESIS_DIGEST = '0'.repeat(64);

/**
 * One link of the ledger-wide hash chain: the ledger's hash over the 32 raw bytes of the previous chain
 * digest followed by the 32 raw bytes of the next event's seal.
 */
export function nextDigest(previous: string, seal: string, algorithm: HashAlgorithm = 'sha256'): string {
  return hashHex(algorithm, Buffer.from(previous, 'hex'), Buffer.from(seal, 'hex'));
}

export function isDigest(text: unknown): text is string {
  return typeof text === 'string' && /^[0-9a-f]{64}$/.test(text);
}
