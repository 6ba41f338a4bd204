/**
 * ESDB stream names. Every name carries the store's namespace (empty in production), so several ledgers,
 * or several test runs, can share one cluster without seeing each other.
 */
import { createHash } from 'node:crypto';

/** Reserved for the adapter's own streams; a ledger stream id may not use it. */
export const RESERVED_PREFIX = 'ledger';

export class StreamNames {
  constructor(readonly namespace = '') {
    if (namespace.startsWith('$')) throw new RangeError('an ESDB namespace may not start with $ (system streams)');
  }

  /** Every event of the ledger once, in commit order: the source of truth and the global write lock. */
  get ledger(): string {
    return `${this.namespace}${RESERVED_PREFIX}`;
  }

  /** The ledger's metadata (LedgerMetadata): one event, written when the store is first opened. */
  get metadata(): string {
    return `${this.namespace}${RESERVED_PREFIX}-metadata`;
  }

  /** The event's own stream: a copy of its ledger events, at the same revisions as ours. */
  stream(streamId: string): string {
    if (streamId === '' || streamId.startsWith('$') || streamId.startsWith(RESERVED_PREFIX)) {
      throw new RangeError(`stream id "${streamId}" is reserved or invalid in the ESDB ledger`);
    }
    return `${this.namespace}${streamId}`;
  }

  /** One stream per idempotency key (hashed: keys are caller text of any length). */
  key(idempotencyKey: string): string {
    return `${this.namespace}${RESERVED_PREFIX}-key-${createHash('sha256').update(idempotencyKey).digest('hex')}`;
  }
}

/**
 * Where a connection string points, for error messages: scheme and hosts only, never the credentials
 * or the query (which may carry certificate paths).
 */
export function describeConnectionString(connectionString: string): string {
  const match = /^([a-z+]+:\/\/)(?:[^@/]*@)?([^/?]*)/i.exec(connectionString.trim());
  return match && match[2] !== '' ? `${match[1]}${match[2]}` : 'an unparseable connection string';
}
