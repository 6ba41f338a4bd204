/** ESDB client errors as the port's errors, and the adapter's own failures with messages an operator can act on. */
import { ErrorType, WrongExpectedVersionError, isCommandError } from '@eventstore/db-client';
import { WrongExpectedRevision, type ExpectedRevision } from '../port.js';
import { fromEsdbCurrent } from './positions.js';

export class EsdbUnavailable extends Error {
  constructor(where: string, cause: Error) {
    super(`EventStoreDB at ${where} cannot be reached: ${cause.message}`, { cause });
    this.name = 'EsdbUnavailable';
  }
}

/** Failures of the connection rather than of the request. */
const UNREACHABLE = new Set<string>([ErrorType.UNAVAILABLE, ErrorType.DEADLINE_EXCEEDED, ErrorType.TIMEOUT, ErrorType.NOT_LEADER]);

export function isUnreachable(error: unknown): error is Error {
  return error instanceof Error && isCommandError(error) && UNREACHABLE.has(error.type);
}

export interface ErrorContext {
  /** Connection string host(s), already stripped of credentials. */
  where: string;
  /** Our stream id and expected revision, when the failed call was a checked append. */
  append?: { streamId: string; expected: ExpectedRevision };
}

/**
 * `WrongExpectedVersionError` → `WrongExpectedRevision` in our stream id and revision numbers;
 * connection failures → `EsdbUnavailable` naming the host; anything else unchanged.
 */
export function toPortError(error: unknown, context: ErrorContext): unknown {
  if (error instanceof WrongExpectedVersionError && context.append) {
    return new WrongExpectedRevision(context.append.streamId, context.append.expected, fromEsdbCurrent(error.actualVersion));
  }
  if (isUnreachable(error)) return new EsdbUnavailable(context.where, error);
  return error;
}
