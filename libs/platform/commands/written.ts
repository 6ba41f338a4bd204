import type { StoredEvent } from '../../event-store/index.js';

/**
 * The answer to every write (API.md): the id of what was written, under its own name (`projectId`, `unitId`,
 * `policyId`), and where the last appended event landed.
 */
export type Written<K extends string> = { [P in K]: string } & { eventId: string; revision: number };

/** The answer from the event a write appended (or, for a replayed Idempotency-Key, the first answer's event). */
export function written<K extends string>(key: K, id: string, event: StoredEvent): Written<K> {
  return { ...({ [key]: id } as { [P in K]: string }), eventId: event.eventId, revision: event.revision };
}
