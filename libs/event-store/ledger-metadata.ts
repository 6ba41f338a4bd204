/** The rule every adapter follows when a store first gets its metadata (LedgerMetadata in port.ts). */
import { randomUUID } from 'node:crypto';
import { DEFAULT_HASH_ALGORITHM, isHashAlgorithm } from './hashing.js';
import type { LedgerMetadata, StoreCreation } from './port.js';

export class MetadataRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetadataRefused';
  }
}

/**
 * A new store gets a fresh id, created `now` (the system's time: the clocks stores take are for recordedAt
 * alone, and tests step them event by event) and the chosen algorithm. A store that already holds events but no
 * metadata (written before metadata existed) was sealed with SHA-256: it gets that, and the instant
 * of its first event as its creation.
 */
export function newLedgerMetadata(creation: StoreCreation, firstEvent: { recordedAt: string } | undefined, now: Date): LedgerMetadata {
  if (firstEvent && creation.hashAlgorithm !== undefined && creation.hashAlgorithm !== DEFAULT_HASH_ALGORITHM) {
    throw new MetadataRefused(`the store holds events sealed with ${DEFAULT_HASH_ALGORITHM}; it cannot become a ${creation.hashAlgorithm} ledger`);
  }
  return {
    ledgerId: creation.ledgerId ?? randomUUID(),
    hashAlgorithm: firstEvent ? DEFAULT_HASH_ALGORITHM : (creation.hashAlgorithm ?? DEFAULT_HASH_ALGORITHM),
    createdAt: firstEvent?.recordedAt ?? creation.createdAt ?? now.toISOString(),
  };
}

/** Metadata as stored (a row, an ESDB event's data), checked field by field. */
export function parseLedgerMetadata(value: { ledgerId: unknown; hashAlgorithm: unknown; createdAt: unknown }): LedgerMetadata {
  const { ledgerId, hashAlgorithm, createdAt } = value;
  if (typeof ledgerId !== 'string' || ledgerId === '') throw new MetadataRefused('the ledger metadata has no ledger id');
  if (!isHashAlgorithm(hashAlgorithm)) throw new MetadataRefused(`the ledger metadata names an unknown hash algorithm ${String(hashAlgorithm)}`);
  if (typeof createdAt !== 'string') throw new MetadataRefused('the ledger metadata has no creation instant');
  return { ledgerId, hashAlgorithm, createdAt };
}
