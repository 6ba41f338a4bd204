import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Projection } from '../projector/index.js';
import type { EventStore } from '../event-store/index.js';
import { Clock } from '../platform/clock.js';
import type { LedgerConfig } from '../platform/config.js';
import type { DataDirLock } from '../platform/data-dir-lock.js';
import { DATA_DIR_LOCK, EVENT_STORE, LEDGER_CONFIG } from '../platform/injection.js';
import { LedgerCheckpoints } from './application/ledger-checkpoints.js';
import { AuditController } from './http/audit.controller.js';
import { AUDIT_QUERY_HANDLERS } from './queries/audit-queries.js';

/** Audit reads the events themselves and owns no read model. */
export const auditProjections = (): Projection[] => [];

@Module({
  imports: [CqrsModule],
  controllers: [AuditController],
  providers: [
    {
      provide: LedgerCheckpoints,
      inject: [EVENT_STORE, LEDGER_CONFIG, Clock, DATA_DIR_LOCK],
      // Only the data directory's writer signs on a schedule; a reader beside it (a CLI command) signs when told.
      useFactory: (store: EventStore, config: LedgerConfig, clock: Clock, lock: DataDirLock | null) =>
        new LedgerCheckpoints(store, config, () => clock.now(), { schedule: lock !== null }),
    },
    ...AUDIT_QUERY_HANDLERS,
  ],
})
export class AuditModule {}
