/**
 * Authentication and role checks. Every /v1 route declares the roles it admits with @Roles; a route
 * without @Roles (or @Public) is refused, so a forgotten declaration fails closed.
 *
 * A bearer token is looked up in the tokens file first, then in every source a capability adds
 * (sign-in sessions, personal API tokens: libs/accounts), on every request, so a revoked session or a
 * changed role counts from the next request on. Unknown tokens are throttled per client address.
 */
import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { Throttled } from '../../kernel/index.js';
import { Clock } from '../clock.js';
import type { LedgerConfig } from '../config.js';
import { LEDGER_CONFIG } from '../injection.js';
import { TokenRegistry, type Principal, type Role } from '../tokens.js';
import { ProblemException, problem, sendProblem, toProblem } from './problem.js';
import { RateLimiter } from './rate-limit.js';
import { ADDRESS_POLICY, FailureThrottle } from './throttle.js';

const ROLES_KEY = 'ledger:roles';
const PUBLIC_KEY = 'ledger:public';

export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** A route anyone may call without a token (sign-in, setting a first password); list it with Authenticator.allowAnonymous too. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export type AuthedRequest = FastifyRequest & { principal?: Principal };

/** Finds the principal of a bearer token that is not in the tokens file (or null). */
export interface TokenSource {
  authenticate(token: string): Principal | null;
}

/** Refuses a principal (403) with the reason returned, or lets it pass (null). */
export type PrincipalCheck = (principal: Principal) => string | null;

/** The client address a request came from (Fastify's `req.ip`, which honours its `trustProxy` setting). */
export const clientAddress = (req: FastifyRequest): string => req.ip;

@Injectable()
export class Authenticator {
  private readonly sources: TokenSource[] = [];
  private readonly checks: PrincipalCheck[] = [];
  private readonly anonymous = new Set<string>();
  /** Unknown tokens and failed sign-ins per client address. */
  readonly addressThrottle: FailureThrottle;

  constructor(
    private readonly tokens: TokenRegistry,
    private readonly limiter: RateLimiter,
    clock: Clock,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.addressThrottle = new FailureThrottle(ADDRESS_POLICY, () => clock.now().getTime(), config.authThrottle);
  }

  addSource(source: TokenSource): void {
    this.sources.push(source);
  }

  addCheck(check: PrincipalCheck): void {
    this.checks.push(check);
  }

  /** A /v1 route reachable without a token; its handler must be @Public. */
  allowAnonymous(method: string, path: string): void {
    this.anonymous.add(`${method.toUpperCase()} ${path}`);
  }

  isAnonymous(req: FastifyRequest): boolean {
    const path = req.originalUrl.split('?')[0].replace(/\/+$/, '');
    return this.anonymous.has(`${req.method} ${path}`);
  }

  /** The bearer token's principal, or a 401/403/429 problem. The token itself is never kept or logged. */
  authenticate(req: FastifyRequest): Principal {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer (\S+)$/i.exec(header) : null;
    if (!match) throw new ProblemException(problem(401, 'send Authorization: Bearer <token>'));
    const principal = this.lookUp(match[1]);
    if (!principal) {
      const address = clientAddress(req);
      // While the address is closed an unknown token is answered 429 (a valid one still works); a 401 counts.
      const closed = this.addressThrottle.retryAfter(address);
      if (closed) throw new Throttled('too many unknown tokens from this address; wait and try again', closed);
      this.addressThrottle.fail(address);
      throw new ProblemException(problem(401, 'unknown token'));
    }
    for (const check of this.checks) {
      const refusal = check(principal);
      if (refusal) throw new ProblemException(problem(403, refusal));
    }
    if (!this.limiter.allow(match[1])) throw new Throttled('too many requests for this token; slow down', this.limiter.retryAfterSeconds());
    return principal;
  }

  private lookUp(token: string): Principal | null {
    const fromFile = this.tokens.authenticate(token);
    if (fromFile) return fromFile;
    for (const source of this.sources) {
      const principal = source.authenticate(token);
      if (principal) return principal;
    }
    return null;
  }
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    // /v1 requests were authenticated (and rate-limited) by bearerAuth before their body was read.
    const principal = req.principal ?? this.authenticator.authenticate(req);
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (!roles.includes(principal.role)) {
      throw new ProblemException(problem(403, `the ${principal.role} role may not do this; allowed: ${roles.join(', ') || 'nobody'}`));
    }
    req.principal = principal;
    return true;
  }
}

/** The paths bearerAuth covers: /v1 and below (as Express mounted it: any case, any query). */
const V1 = /^\/v1(?:[/?]|$)/i;

/**
 * Fastify `onRequest` hook for /v1, which runs before the body is read: an unauthenticated or rate-limited
 * caller is answered 401/429 before its body is read or parsed. Roles stay with AuthGuard, per route.
 */
export function bearerAuth(authenticator: Authenticator) {
  return (req: AuthedRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (!V1.test(req.url) || authenticator.isAnonymous(req)) return done();
    try {
      req.principal = authenticator.authenticate(req);
      done();
    } catch (error) {
      const answer = toProblem(error);
      if (answer.status < 500) sendProblem(reply, answer);
      else done(error as Error);
    }
  };
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new ProblemException(problem(401, 'not authenticated'));
  return principal;
});
