/**
 * Reading a stored event as a capability's domain event, checked instead of cast: a guard built from
 * the capability's list of event types (e.g. PROJECT_EVENT_TYPES) accepts a stored event whose `type`
 * is one of them, and narrows it to that union, so a `switch (event.type)` sees each event's own data.
 * Pure: domains build their guards here without pulling in any adapter.
 */
import type { StoredEvent } from './port.js';

/** Accepts the stored events of one domain union `E`, typed as both the stored event and `E`. */
export type EventGuard<E extends { type: string }> = (event: StoredEvent) => event is StoredEvent & E;

export function narrow<E extends { type: string }>(types: readonly E['type'][]): EventGuard<E> {
  const known: ReadonlySet<string> = new Set(types);
  return (event: StoredEvent): event is StoredEvent & E => known.has(event.type);
}
