/**
 * Authentication and role checks. Every /v1 route declares the roles it admits with @Roles; a route
 * without @Roles (or @Public) is refused, so a forgotten declaration fails closed.
 */
import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { TokenRegistry, type Principal, type Role } from '../tokens.js';
import { ProblemException, problem, sendProblem } from './problem.js';
import { RateLimiter } from './rate-limit.js';

const ROLES_KEY = 'ledger:roles';
const PUBLIC_KEY = 'ledger:public';

export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export type AuthedRequest = Request & { principal?: Principal };

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenRegistry,
    private readonly limiter: RateLimiter,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    // /v1 requests were authenticated (and rate-limited) by bearerAuth before their body was read.
    const principal = req.principal ?? authenticate(this.tokens, this.limiter, req, context.switchToHttp().getResponse<Response>());
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (!roles.includes(principal.role)) {
      throw new ProblemException(problem(403, `the ${principal.role} role may not do this; allowed: ${roles.join(', ') || 'nobody'}`));
    }
    req.principal = principal;
    return true;
  }
}

/** The bearer token's principal, or a 401/429 problem. The token itself is never kept or logged. */
export function authenticate(tokens: TokenRegistry, limiter: RateLimiter, req: Request, res: Response): Principal {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer (\S+)$/i.exec(header) : null;
  if (!match) throw new ProblemException(problem(401, 'send Authorization: Bearer <token>'));
  const principal = tokens.authenticate(match[1]);
  if (!principal) throw new ProblemException(problem(401, 'unknown token'));
  if (!limiter.allow(match[1])) {
    res.setHeader('Retry-After', String(limiter.retryAfterSeconds()));
    throw new ProblemException(problem(429, 'too many requests for this token; slow down'));
  }
  return principal;
}

/**
 * Express middleware for /v1, mounted before the body parser: an unauthenticated or rate-limited caller
 * is answered 401/429 before its body is read or parsed. Roles stay with AuthGuard, per route.
 */
export function bearerAuth(tokens: TokenRegistry, limiter: RateLimiter) {
  return (req: AuthedRequest, res: Response, next: (error?: unknown) => void): void => {
    try {
      req.principal = authenticate(tokens, limiter, req, res);
      next();
    } catch (error) {
      if (error instanceof ProblemException) sendProblem(res, error.problem);
      else next(error);
    }
  };
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new ProblemException(problem(401, 'not authenticated'));
  return principal;
});
