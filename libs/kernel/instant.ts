import { isLocalDate } from './calendar.js';

const INSTANT = /^(\d{4}-\d{2}-\d{2})T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * An ISO 8601 instant with an explicit zone, in the store's own form (`toISOString`, UTC, milliseconds),
 * or null. Normalising matters: recordedAt is compared as text, and `…T10:00:00Z` sorts after
 * `…T10:00:00.500Z`, so an un-normalised bound would let later events in.
 */
export function parseInstant(text: string): string | null {
  const match = INSTANT.exec(text);
  if (!match || !isLocalDate(match[1])) return null;
  return new Date(text).toISOString();
}
