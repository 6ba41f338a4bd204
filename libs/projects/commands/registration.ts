import type { Decision } from '../../kernel/index.js';
import type { EventGuard, StoredEvent } from '../../event-store/index.js';
import type { DomainEvent, StreamWriter } from '../../platform/commands/stream-writer.js';
import type { WriteContext } from '../../platform/commands/write-context.js';

export interface Registration<S, E extends DomainEvent> {
  streamId: string;
  is: EventGuard<E>;
  evolve: (registered: S | null, event: E) => S;
  /** Receives what the stream already registered (null for a new entry) and today. */
  decide: (registered: S | null, today: string) => Decision<E>;
}

/**
 * A registry entry (a unit, a park): a stream of one registering event, through the one write path
 * (If-Match, Idempotency-Key, the per-stream queue). Returns the event that registered it.
 */
export async function registerOnce<S, E extends DomainEvent>(writer: StreamWriter, write: WriteContext, entry: Registration<S, E>): Promise<StoredEvent> {
  const events = await writer.decideAndAppend<S | null, E>({ ...entry, initial: null, occurredOn: () => writer.today(), write });
  return events.at(-1)!;
}
