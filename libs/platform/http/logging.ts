/**
 * Structured logs: one JSON object a line on stdout (pino), never ANSI colour, an access-log line per
 * request with its request id (X-Request-Id, taken from the caller when it is a plain token, else
 * made here). Lines hold the method, the path without its query, the status, the actor and the time
 * taken: never a header, a body or a query string, which may carry tokens or personal data.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { pino, type Level, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { Principal } from '../tokens.js';

const LEVELS: readonly string[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** LEDGER_LOG_LEVEL, else `error` under tests and `info` otherwise. */
export function logLevel(env: NodeJS.ProcessEnv = process.env): Level | 'silent' {
  const chosen = env.LEDGER_LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'error' : 'info');
  return (LEVELS.includes(chosen) ? chosen : 'info') as Level | 'silent';
}

let shared: Logger | null = null;

/** The process's logger: JSON lines on stdout, written without blocking the event loop, flushed on exit. */
export function processLogger(): Logger {
  if (shared) return shared;
  const destination = pino.destination({ dest: 1, sync: false });
  process.once('exit', () => destination.flushSync());
  shared = pino({ level: logLevel(), base: { service: 'ledger' }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
  return shared;
}

type LoggedRequest = IncomingMessage & { id?: unknown; originalUrl?: string; principal?: Principal };

/** Express middleware: the request id and one access-log line when the answer is sent. */
export function accessLog(logger: Logger): HttpLogger<LoggedRequest, ServerResponse> {
  return pinoHttp<LoggedRequest, ServerResponse>({
    logger,
    wrapSerializers: false,
    quietReqLogger: true,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'warn' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
    customProps: (req) => (req.principal ? { actor: req.principal.actor } : {}),
    serializers: {
      req: (req: LoggedRequest) => ({ id: req.id, method: req.method, path: (req.originalUrl ?? req.url ?? '').split('?')[0] }),
      res: (res: ServerResponse) => ({ status: res.statusCode }),
      err: (error: Error) => ({ type: error.name }),
    },
  });
}

/** Nest's own log calls (start-up, the problem filter) go to the same JSON lines. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    this.logger.error({ context: context ?? stackOrContext }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
