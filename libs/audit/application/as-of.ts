import { NotFound } from '../../kernel/index.js';
import type { EventStore } from '../../event-store/port.js';
import { projectStreamId } from '../../projects/domain/index.js';
import { parseInstant } from '../../kernel/index.js';
import { projectHistory, type ProjectHistory } from '../domain/project-history.js';

export interface AsOfHistory extends ProjectHistory {
  projectId: string;
  /** The normalised instant, or null for "now". */
  asOf: string | null;
}

/** A project's state and timeline from the events recorded up to `asOf` (an ISO instant with zone), or all of them. */
export async function replayProject(store: EventStore, projectId: string, asOf?: string): Promise<AsOfHistory> {
  const instant = asOf === undefined ? null : parseInstant(asOf);
  if (instant === null && asOf !== undefined) {
    throw new RangeError(`as-of must be an ISO 8601 instant with a zone, e.g. 2026-03-01T08:00:00Z; got ${JSON.stringify(asOf)}`);
  }
  const events = await store.readStream(projectStreamId(projectId), instant === null ? {} : { recordedUpTo: instant });
  if (events.length === 0) {
    throw new NotFound(instant === null ? `project ${projectId} is not in the ledger` : `project ${projectId} was not yet in the ledger at ${instant}`);
  }
  return { projectId, asOf: instant, ...projectHistory(events) };
}
