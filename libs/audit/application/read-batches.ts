import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventStore, StoredEvent } from '../../event-store/port.js';
import { UnreadableEvent } from '../domain/ledger-check.js';

/** Small enough that checking one batch takes a few milliseconds: the server answers others in between. */
export const BATCH_SIZE = 64;

/**
 * Reads after `after`, falling back to one event at a time when the batch fails, so that an event the
 * store cannot decode is named by position instead of failing the whole read.
 */
async function readSome(store: EventStore, after: number, limit: number): Promise<StoredEvent[]> {
  try {
    return await store.readAll(after, limit);
  } catch {
    const readable: StoredEvent[] = [];
    while (readable.length < limit) {
      const from = readable.at(-1)?.globalPosition ?? after;
      try {
        const [next] = await store.readAll(from, 1);
        if (!next) break;
        readable.push(next);
      } catch (cause) {
        if (readable.length > 0) break;
        throw new UnreadableEvent(from, cause);
      }
    }
    return readable;
  }
}

/**
 * The ledger in global order, in batches, up to `until` (a position fixed by the caller, e.g. the head
 * when it started). Between batches it yields to the event loop (a synchronous store resolves at once,
 * so without this a whole verify, digest or export would run as one turn and hold every write back).
 */
export async function* readBatches(store: EventStore, until: number, batchSize = BATCH_SIZE): AsyncGenerator<StoredEvent[]> {
  let after = 0;
  while (after < until) {
    const batch = await readSome(store, after, Math.min(batchSize, until - after));
    if (batch.length === 0) return;
    yield batch;
    after = batch.at(-1)!.globalPosition;
    await nextTurn();
  }
}
