import { RuleViolation, type Decision } from '../../kernel/index.js';
import type { StoredEvent } from '../../event-store/index.js';
import type { DomainEvent, StreamWriter } from '../../platform/commands/stream-writer.js';
import type { WriteContext } from '../../platform/commands/write-context.js';

/**
 * A registry entry (a unit, a park): a new stream of one event, decided against the read models.
 * A replayed Idempotency-Key answers the first registration; returns the event that registered it.
 */
export async function registerOnce<E extends DomainEvent>(writer: StreamWriter, write: WriteContext, streamId: string, decide: () => Decision<E>): Promise<StoredEvent> {
  const replay = await writer.replayed(write);
  if (replay) return replay.at(-1)!;
  const decision = decide();
  if (decision instanceof RuleViolation) throw decision;
  return (await writer.append(streamId, decision, -1, () => writer.today(), write)).at(-1)!;
}
