/**
 * Reading a stored event as a capability's domain event, checked instead of cast: a guard built from
 * the capability's list of event types (e.g. PROJECT_EVENT_TYPES) accepts an event whose `type` is
 * one of them, and narrows it to that union, so a `switch (event.type)` sees each event's own data.
 * It keeps the event's other fields as they came: a whole stored event for a writer, a projected one
 * (`readProjected`) for a read model. Pure: domains build their guards here without pulling in any adapter.
 */
import type { StoredEvent } from './port.js';

/** Accepts the events of one domain union `E`, typed as both what was read and `E`. */
export type EventGuard<E extends { type: string }> = <T extends Pick<StoredEvent, 'type'>>(event: T) => event is T & E;

export function narrow<E extends { type: string }>(types: readonly E['type'][]): EventGuard<E> {
  const known: ReadonlySet<string> = new Set(types);
  return <T extends Pick<StoredEvent, 'type'>>(event: T): event is T & E => known.has(event.type);
}
