import type { Principal } from '../tokens.js';

/** Who writes and under which request guarantees (API.md: Idempotency-Key, If-Match). */
export interface WriteContext {
  principal: Principal;
  idempotencyKey?: string;
  /** The revision the client last saw (If-Match). */
  ifMatch?: number;
  /** sha-256 of the method, path and canonical body: the same key with another request is a conflict. */
  requestHash: string;
}
