import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../kernel/index.js';
import type { WriteContext } from '../commands/write-context.js';
import type { AuthedRequest } from './auth.js';
import { ProblemException, problem } from './problem.js';

/** The write's principal and request guarantees from the Idempotency-Key and If-Match headers. */
export const Write = createParamDecorator((_: unknown, ctx: ExecutionContext): WriteContext => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  if (!req.principal) throw new ProblemException(problem(401, 'not authenticated'));
  const key = req.headers['idempotency-key'];
  if (key !== undefined && (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key))) {
    throw new ProblemException(
      problem(400, 'Idempotency-Key must be 1 to 200 visible ASCII characters', { errors: [{ field: 'Idempotency-Key', message: 'invalid' }] }),
    );
  }
  const ifMatch = req.headers['if-match'];
  let revision: number | undefined;
  if (ifMatch !== undefined) {
    const text = String(ifMatch).replace(/^W\//, '').replace(/"/g, '');
    if (!/^\d{1,9}$/.test(text)) {
      throw new ProblemException(problem(400, 'If-Match must be a stream revision (a whole number)', { errors: [{ field: 'If-Match', message: 'invalid' }] }));
    }
    revision = Number(text);
  }
  const requestHash = createHash('sha256')
    .update(`${req.method} ${req.originalUrl.split('?')[0]} ${canonicalJson(req.body ?? null)}`)
    .digest('hex');
  return { principal: req.principal, idempotencyKey: key, ifMatch: revision, requestHash };
});
