/**
 * Every body the ledger takes is JSON. A body sent as anything else (a form from `curl -d`, text/plain, or with no
 * Content-Type at all) is a 415 that says so, instead of reaching validation unparsed and failing there as a
 * misleading 400 about missing fields. Runs after the guards (401/403 come first) and before any pipe or handler.
 */
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { ProblemException, problem } from './problem.js';

export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    // is() answers null when the request has no body at all: validation then names the missing fields.
    if (WITH_BODY.has(req.method) && req.is(JSON_MEDIA_TYPES) === false) {
      const got = req.headers['content-type'] ? `got ${req.headers['content-type']}` : 'no Content-Type was sent';
      throw new ProblemException(problem(415, `the body must be JSON, sent with Content-Type: application/json (${got})`));
    }
    return next.handle();
  }
}
