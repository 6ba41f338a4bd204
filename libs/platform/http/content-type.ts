/**
 * Every body the ledger takes is JSON. A body sent as anything else (a form from `curl -d`, text/plain, or with no
 * Content-Type at all) is a 415 that says so, instead of reaching validation unparsed and failing there as a
 * misleading 400 about missing fields. Runs after the guards (401/403 come first) and before any pipe or handler.
 */
import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { ProblemException, problem } from './problem.js';

export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const BODY_MEDIA_TYPES = 'ledger:body-media-types';

/** A route whose body is not JSON (an uploaded workbook): the media types it takes instead. */
export const AcceptsBody = (...mediaTypes: string[]) => SetMetadata(BODY_MEDIA_TYPES, mediaTypes);

@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const accepted = this.reflector.get<string[] | undefined>(BODY_MEDIA_TYPES, context.getHandler()) ?? JSON_MEDIA_TYPES;
    // is() answers null when the request has no body at all: validation then names the missing fields.
    if (WITH_BODY.has(req.method) && req.is(accepted) === false) {
      const got = req.headers['content-type'] ? `got ${req.headers['content-type']}` : 'no Content-Type was sent';
      throw new ProblemException(
        problem(415, `the body must be ${accepted === JSON_MEDIA_TYPES ? 'JSON' : 'a workbook'}, sent with Content-Type: ${accepted[0]} (${got})`),
      );
    }
    return next.handle();
  }
}
