/**
 * Every error leaves as application/problem+json {type, title, status, detail, errors?} (RFC 9457).
 * Domain errors map to their statuses here, so handlers and the core never know about HTTP.
 */
import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { Conflict, Forbidden, NotFound, RuleViolation, StaleRevision, Throttled, Unauthenticated } from '../../kernel/index.js';
import { NoCjkFont } from '../export/pdf.js';
import { NOT_FINITE, TOO_DEEP } from './json-body.js';

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

export function toProblem(error: unknown): Problem {
  if (error instanceof ProblemException) return error.problem;
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
    return problem(status, status >= 500 ? 'internal error' : error.message);
  }
  // body-parser errors carry their status (400 malformed JSON, 413 too large, 415 charset).
  const status = (error as { status?: unknown; type?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const type = (error as { type?: string }).type;
    const detail =
      type === 'entity.parse.failed'
        ? [NOT_FINITE, TOO_DEEP].includes((error as Error).message)
          ? (error as Error).message
          : 'the body is not valid JSON'
        : type === 'entity.too.large' ? 'the body is larger than the limit' : (error as Error).message;
    return problem(status, detail);
  }
  return problem(500, 'internal error');
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ledger');

  catch(error: unknown, host: ArgumentsHost): void {
    const body = toProblem(error);
    // Log the failure's kind only: bodies and tokens may hold personal data and secrets.
    if (body.status >= 500) this.logger.error(`${(error as Error)?.name ?? 'error'}: ${(error as Error)?.stack ?? error}`);
    sendProblem(host.switchToHttp().getResponse<Response>(), body);
  }
}

/** Writes a problem as the answer (also used by middleware that runs before Nest's filters). */
export function sendProblem(res: Response, body: Problem): void {
  if (res.headersSent) return;
  // RFC 9110: a 401 names the scheme it wants.
  if (body.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="ledger"');
  if (body.status === 429 && typeof body.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(body.retryAfterSeconds));
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}
