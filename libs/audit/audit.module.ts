import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Projection } from '../projector/index.js';
import { AuditController } from './http/audit.controller.js';
import { AUDIT_QUERY_HANDLERS } from './queries/audit-queries.js';

/** Audit reads the events themselves and owns no read model. */
export const auditProjections = (): Projection[] => [];

@Module({
  imports: [CqrsModule],
  controllers: [AuditController],
  providers: [...AUDIT_QUERY_HANDLERS],
})
export class AuditModule {}
