/**
 * Every body the ledger takes is JSON. A body sent as anything else (a form from `curl -d`, text/plain, or with no
 * Content-Type at all) is a 415 that says so, instead of reaching validation unparsed and failing there as a
 * misleading 400 about missing fields. Runs after the guards (401/403 come first) and before any pipe or handler.
 */
import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { ProblemException, unsupportedMediaType } from './problem.js';

export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];
/** JSON_MEDIA_TYPES as one pattern for the body parser, tested against the request's Content-Type. */
export const JSON_MEDIA_TYPE = /^application\/(?:[^\s/;]+\+)?json\s*(?:;|$)/i;
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const BODY_MEDIA_TYPES = 'ledger:body-media-types';

/** A route whose body is not JSON (an uploaded workbook): the media types it takes instead. */
export const AcceptsBody = (...mediaTypes: string[]) => SetMetadata(BODY_MEDIA_TYPES, mediaTypes);

@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const accepted = this.reflector.get<string[] | undefined>(BODY_MEDIA_TYPES, context.getHandler()) ?? JSON_MEDIA_TYPES;
    // A request with no body at all passes: validation then names the missing fields.
    if (WITH_BODY.has(req.method) && hasBody(req) && !accepts(accepted, req.headers['content-type'])) {
      throw new ProblemException(unsupportedMediaType(req.headers['content-type'], accepted === JSON_MEDIA_TYPES ? 'JSON' : 'a workbook', accepted[0]));
    }
    return next.handle();
  }
}

/** RFC 9112: a request has a body when it says how long it is (even 0) or sends it in chunks. */
const hasBody = (req: FastifyRequest): boolean => req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;

/** Whether a Content-Type is one of `accepted` (`type/subtype`, or `type/*+suffix`), parameters aside. */
function accepts(accepted: string[], contentType: string | undefined): boolean {
  const given = contentType?.split(';')[0].trim().toLowerCase();
  if (!given) return false;
  return accepted.some((media) => {
    const star = media.indexOf('*');
    return star < 0 ? media === given : given.startsWith(media.slice(0, star)) && given.endsWith(media.slice(star + 1)) && !given.slice(star).includes('/');
  });
}
