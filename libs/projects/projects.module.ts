import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Projection, ReadDb } from '../projector/index.js';
import { Authenticator } from '../platform/http/auth.js';
import { READ_DB } from '../platform/injection.js';
import { RecordProjectFactHandler } from './commands/record-project-fact.js';
import { RegisterLeadHandler } from './commands/register-lead.js';
import { RegisterParkHandler } from './commands/register-park.js';
import { RegisterUnitHandler } from './commands/register-unit.js';
import { ProjectsController } from './http/projects.controller.js';
import { ParksController } from './http/parks.controller.js';
import { ReferrersController } from './http/referrers.controller.js';
import { UnitsController } from './http/units.controller.js';
import { ExportLedgerHandler, GetProjectEventsHandler, GetProjectHandler, ListProjectsHandler } from './queries/project-queries.js';
import { GetReferrerHandler, ListReferrersHandler } from './queries/referrer-queries.js';
import { ProjectStatusProjection } from './read-model/project-status.projection.js';
import { ParksProjection } from './read-model/parks.projection.js';
import { UnitsProjection, findUnit } from './read-model/units.projection.js';

/** The read models this capability owns, handed to LedgerCoreModule.forRoot by the app. */
export const projectsProjections = (): Projection[] => [new UnitsProjection(), new ParksProjection(), new ProjectStatusProjection()];

@Module({
  imports: [CqrsModule],
  controllers: [UnitsController, ParksController, ReferrersController, ProjectsController],
  providers: [
    RegisterUnitHandler,
    RegisterParkHandler,
    RegisterLeadHandler,
    RecordProjectFactHandler,
    GetProjectHandler,
    ListProjectsHandler,
    GetProjectEventsHandler,
    ExportLedgerHandler,
    ListReferrersHandler,
    GetReferrerHandler,
  ],
})
export class ProjectsModule implements OnModuleInit {
  constructor(
    private readonly authenticator: Authenticator,
    @Inject(READ_DB) private readonly db: ReadDb,
  ) {}

  /** A token bound to a unit that is not registered (a typo in the tokens file) is refused on every request, never unscoped. */
  onModuleInit(): void {
    this.authenticator.addCheck((p) =>
      p.unitId !== null && !findUnit(this.db, p.unitId) ? `${p.actor} is bound to unit ${p.unitId}, which is not registered; every request is refused` : null,
    );
  }
}
