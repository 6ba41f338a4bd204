/**
 * Records who read what on the routes marked @AccessLogged: the person, the time, the route, its path
 * and query parameters and the status, once the answer is sent. Never a body, a header or a token:
 * query parameters that look like secrets are stored as "[redacted]".
 */
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import type { Observable } from 'rxjs';
import { Clock } from '../../platform/clock.js';
import { ACCESS_LOGGED_KEY, type AccessLogging } from '../../platform/http/access-logged.js';
import type { AuthedRequest } from '../../platform/http/auth.js';
import { CredentialStore } from '../credentials/credential-store.js';

const SECRET_LIKE = /token|secret|password|passwd|code|key|auth|session|signature/i;

/** Query parameters as logged: strings only, secret-looking names redacted. */
export function loggedQuery(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof query !== 'object' || query === null) return out;
  for (const [name, value] of Object.entries(query)) out[name] = SECRET_LIKE.test(name) ? '[redacted]' : Array.isArray(value) ? value.join(',') : String(value);
  return out;
}

@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialStore,
    private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const logging = context.getType() === 'http' ? this.reflector.get<AccessLogging | undefined>(ACCESS_LOGGED_KEY, context.getHandler()) : undefined;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    if (logging === true || (typeof logging === 'string' && (req.query as Record<string, unknown>)[logging] !== undefined)) {
      const res = context.switchToHttp().getResponse<FastifyReply>().raw;
      const principal = req.principal;
      const at = this.clock.now().toISOString();
      const template = req.routeOptions.url!.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      // 'close' comes after a finished answer and after a cut one (a download abandoned half-way is still a read).
      res.once('close', () => {
        if (!principal || !this.credentials.db.open) return;
        this.credentials.logAccess({
          at,
          actor: principal.actor,
          role: principal.role,
          accountId: principal.accountId ?? null,
          method: req.method,
          route: `${req.method} ${template}`,
          path: req.originalUrl.split('?')[0],
          query: loggedQuery(req.query),
          status: res.statusCode,
        });
      });
    }
    return next.handle();
  }
}
