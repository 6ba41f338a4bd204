/**
 * Structured logs: one JSON object a line on stdout (pino), never ANSI colour, an access-log line per
 * request with its request id (X-Request-Id, taken from the caller when it is a plain token, else
 * made here). Lines hold the method, the path without its query, the status, the actor and the time
 * taken: never a header, a body or a query string, which may carry tokens or personal data.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import type { FastifyReply, HookHandlerDoneFunction } from 'fastify';
import { pino, type Level, type Logger } from 'pino';
import type { AuthedRequest } from './auth.js';

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

/** Fastify's `genReqId`: the caller's X-Request-Id when it is a plain token, else a new one. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Fastify `onRequest` hook: the request id on the answer, and one access-log line once the answer is sent, or
 * cut ('close' comes after both): a 5xx and a cut answer, such as an abandoned download, are logged as failed.
 */
export function accessLog(logger: Logger) {
  return (req: AuthedRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    // On the Node response, so that every answer carries it, also one streamed past Fastify.
    reply.raw.setHeader('X-Request-Id', req.id);
    reply.raw.once('close', () => {
      const status = reply.raw.statusCode;
      const cut = !reply.raw.writableFinished;
      const line = {
        req: { id: req.id, method: req.method, path: req.url.split('?')[0] },
        res: { status },
        responseTime: Math.round(reply.elapsedTime),
        ...(req.principal ? { actor: req.principal.actor } : {}),
        ...(cut ? { err: { type: 'Aborted' } } : {}),
      };
      if (cut || status >= 500) logger.warn(line, 'request failed');
      else logger.info(line, 'request');
    });
    done();
  };
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
