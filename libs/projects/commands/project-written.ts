import type { StoredEvent } from '../../event-store/index.js';
import { PROJECT_STREAM_PREFIX } from '../domain/events.js';

/** The answer to every write on a project (API.md): where the last appended event landed. */
export interface ProjectWritten {
  projectId: string;
  eventId: string;
  revision: number;
}

export function projectWritten(events: StoredEvent[]): ProjectWritten {
  const last = events.at(-1)!;
  return { projectId: last.streamId.slice(PROJECT_STREAM_PREFIX.length), eventId: last.eventId, revision: last.revision };
}
