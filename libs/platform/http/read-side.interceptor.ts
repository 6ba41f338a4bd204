/**
 * Says on every answer whether the read models follow the ledger. A write that was appended just as
 * the read side failed is durable and answered 201; `Ledger-Read-Side: lagging` tells the client that
 * reads may not show it yet (docs/operations.md).
 */
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { tap, type Observable } from 'rxjs';
import { Projector } from '../../projector/index.js';

export const READ_SIDE_HEADER = 'Ledger-Read-Side';

@Injectable()
export class ReadSideInterceptor implements NestInterceptor {
  constructor(private readonly projector: Projector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      tap(() => {
        if (context.getType() !== 'http' || !this.projector.failure()) return;
        const reply = context.switchToHttp().getResponse<FastifyReply>();
        if (!reply.sent) reply.header(READ_SIDE_HEADER, 'lagging');
      }),
    );
  }
}
