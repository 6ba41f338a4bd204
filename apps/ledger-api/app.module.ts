import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { LedgerCoreModule, type LedgerCoreOptions } from '../../libs/platform/ledger-core.module.js';
import { AuthGuard } from '../../libs/platform/http/auth.js';
import { JsonBodyInterceptor } from '../../libs/platform/http/content-type.js';
import { ProblemFilter } from '../../libs/platform/http/problem.js';
import { ReadSideInterceptor } from '../../libs/platform/http/read-side.interceptor.js';
import { ProjectsModule, projectsProjections } from '../../libs/projects/index.js';
import { TownshipsModule, townshipsProjections } from '../../libs/townships/index.js';
import { AuditModule, auditProjections } from '../../libs/audit/index.js';
import { AssessmentModule, assessmentProjections } from '../../libs/assessment/index.js';
import { RewardsModule, rewardsProjections } from '../../libs/rewards/index.js';
import { ImportsModule, importsProjections } from '../../libs/imports/index.js';
import { AccountsModule, accountsProjections } from '../../libs/accounts/index.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsAccess } from '../../libs/platform/http/metrics-access.js';

/** Every capability: its Nest module and its read models. Route order follows this list. */
export const CAPABILITIES = [
  { module: AuditModule, projections: auditProjections },
  // Before projects, so /v1/projects/stalled is not taken for a project id.
  { module: AssessmentModule, projections: assessmentProjections },
  { module: ProjectsModule, projections: projectsProjections },
  { module: TownshipsModule, projections: townshipsProjections },
  { module: RewardsModule, projections: rewardsProjections },
  { module: ImportsModule, projections: importsProjections },
  { module: AccountsModule, projections: accountsProjections },
];

export type AppOptions = Omit<LedgerCoreOptions, 'projections'>;

@Module({})
export class AppModule {
  static forRoot(options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        LedgerCoreModule.forRoot({ ...options, projections: CAPABILITIES.flatMap((c) => c.projections()) }),
        ...CAPABILITIES.map((c) => c.module),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        MetricsAccess,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: JsonBodyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: ReadSideInterceptor },
      ],
    };
  }
}
