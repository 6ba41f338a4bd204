import { written, type Written } from '../../platform/commands/written.js';
import type { StoredEvent } from '../../event-store/index.js';
import { PROJECT_STREAM_PREFIX } from '../domain/events.js';

/** The answer to every write on a project (API.md): where the last appended event landed. */
export type ProjectWritten = Written<'projectId'>;

export function projectWritten(events: StoredEvent[]): ProjectWritten {
  const last = events.at(-1)!;
  return written('projectId', last.streamId.slice(PROJECT_STREAM_PREFIX.length), last);
}
