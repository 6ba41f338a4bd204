/**
 * Every error leaves as application/problem+json {type, title, status, detail, errors?} (RFC 9457).
 * Domain errors map to their statuses here, so handlers and the core never know about HTTP.
 */
import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Conflict, Forbidden, NotFound, RuleViolation, StaleRevision, Throttled, Unauthenticated } from '../../kernel/index.js';
import { NoCjkFont } from '../export/pdf.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Rule refused',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Unavailable',
};

export function problem(status: number, detail: string, extra: Partial<Problem> = {}): Problem {
  const title = TITLES[status] ?? 'Error';
  return { type: `https://ledger.example/problems/${title.toLowerCase().replace(/\s+/g, '-')}`, title, status, detail, ...extra };
}

/** An HTTP-level error raised by the shell (validation, auth), already shaped as a problem. */
export class ProblemException extends HttpException {
  constructor(readonly problem: Problem) {
    super(problem, problem.status);
  }
}

/** The 415 of a body sent as another media type than the route takes: `what`, sent as `mediaType`. */
export function unsupportedMediaType(contentType: string | undefined, what = 'JSON', mediaType = 'application/json'): Problem {
  const got = contentType ? `got ${contentType}` : 'no Content-Type was sent';
  return problem(415, `the body must be ${what}, sent with Content-Type: ${mediaType} (${got})`);
}

/** SQLite result codes that say the storage, not the request, failed: answered 503, retry later. */
const STORAGE_CODES = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CORRUPT|NOTADB|CANTOPEN|READONLY|PROTOCOL|NOLFS|PERM)/;
/** Seconds a client should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 5;

/** The storage failure an error is, named for the operator (its code), or null when it is something else. */
export function storageFailure(error: unknown): string | null {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  if (name === 'SqliteError' && typeof code === 'string' && STORAGE_CODES.test(code)) return code;
  if (name === 'EsdbUnavailable' || name === 'ReadSideUnavailable') return name;
  return null;
}

export function toProblem(error: unknown): Problem {
  if (error instanceof ProblemException) return error.problem;
  const storage = storageFailure(error);
  if (storage === 'ReadSideUnavailable') return problem(503, (error as Error).message, { reason: storage });
  if (storage) return problem(503, `the ledger's storage is unavailable (${storage}); retry later`, { reason: storage });
  // API.md: a 422 names the refusing rule in `detail` (and, for machines, in `rule`).
  if (error instanceof RuleViolation) return problem(422, `${error.message} (rule ${error.rule})`, { ...error.details, rule: error.rule });
  if (error instanceof NotFound) return problem(404, error.message);
  if (error instanceof Conflict) return problem(409, error.message, error.details);
  if (error instanceof StaleRevision) return problem(412, error.message, { currentRevision: error.actual });
  if (error instanceof Forbidden) return problem(403, error.message);
  if (error instanceof NoCjkFont) return problem(503, error.message);
  if (error instanceof Unauthenticated) return problem(401, error.message);
  if (error instanceof Throttled) return problem(429, error.message, { retryAfterSeconds: Math.max(1, error.retryAfterSeconds) });
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // Fastify's own 4xx (a body over the limit, a Content-Length that lies, a malformed URL) arrive as its cause.
    if (fastifyCode(error) === 'FST_ERR_CTP_BODY_TOO_LARGE') return problem(413, 'the body is larger than the limit');
    return problem(status, status >= 500 ? 'internal error' : error.message);
  }
  return problem(500, 'internal error');
}

/** The code of the Fastify error an exception wraps (Nest's adapter maps Fastify's 4xx errors to HttpExceptions). */
function fastifyCode(error: HttpException): string | undefined {
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ledger');

  catch(error: unknown, host: ArgumentsHost): void {
    // Fastify refuses a Content-Type it cannot even parse before any route runs: the same 415 as any other media type.
    const body =
      error instanceof HttpException && fastifyCode(error) === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? unsupportedMediaType(host.switchToHttp().getRequest<FastifyRequest>().headers['content-type'])
        : toProblem(error);
    // Log the failure's kind only: bodies and tokens may hold personal data and secrets.
    // A 503 is an expected state the operator sees on /health: one line; anything else 5xx is a bug, with its stack.
    if (body.status === 503) this.logger.warn(`${(error as Error)?.name ?? 'error'}: ${(error as Error)?.message ?? error}`);
    else if (body.status >= 500) this.logger.error(`${(error as Error)?.name ?? 'error'}: ${(error as Error)?.stack ?? error}`);
    sendProblem(host.switchToHttp().getResponse<FastifyReply>(), body);
  }
}

/** Writes a problem as the answer (also used by middleware that runs before Nest's filters). */
export function sendProblem(reply: FastifyReply, body: Problem): void {
  if (reply.sent || reply.raw.headersSent) return;
  // RFC 9110: a 401 names the scheme it wants.
  if (body.status === 401) reply.header('WWW-Authenticate', 'Bearer realm="ledger"');
  if (body.status === 503) reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
  if (body.status === 429 && typeof body.retryAfterSeconds === 'number') reply.header('Retry-After', String(body.retryAfterSeconds));
  reply.status(body.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
}
