/**
 * Who may scrape GET /metrics: a Prometheus server sending the scrape token of LEDGER_METRICS_TOKEN,
 * or an admin or supervisor bearer token (docs/security.md). Anyone else is 401/403.
 */
import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { LedgerConfig } from '../config.js';
import { LEDGER_CONFIG } from '../injection.js';
import type { Role } from '../tokens.js';
import { Authenticator } from './auth.js';
import { ProblemException, problem } from './problem.js';

export const METRICS_ROLES: readonly Role[] = ['admin', 'supervisor'];

@Injectable()
export class MetricsAccess implements CanActivate {
  private readonly scrapeToken: Buffer | null;

  constructor(
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    private readonly auth: Authenticator,
  ) {
    this.scrapeToken = config.metricsToken === null ? null : Buffer.from(config.metricsToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    if (this.isScraper(req.headers.authorization)) return true;
    const principal = this.auth.authenticate(req);
    if (!METRICS_ROLES.includes(principal.role)) {
      throw new ProblemException(problem(403, `the ${principal.role} role may not read metrics; allowed: ${METRICS_ROLES.join(', ')}, or the scrape token`));
    }
    return true;
  }

  private isScraper(header: string | undefined): boolean {
    const given = header?.startsWith('Bearer ') ? Buffer.from(header.slice(7)) : null;
    return this.scrapeToken !== null && given !== null && given.length === this.scrapeToken.length && timingSafeEqual(given, this.scrapeToken);
  }
}
