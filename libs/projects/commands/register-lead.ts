import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Conflict, RuleViolation } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/index.js';
import { READ_DB } from '../../platform/injection.js';
import { StreamWriter } from '../../platform/commands/stream-writer.js';
import type { WriteContext } from '../../platform/commands/write-context.js';
import type { LeadRequest } from '../domain/commands.js';
import { decide } from '../domain/decide.js';
import { businessDateOf, isProjectEvent, projectStreamId, type ProjectEvent } from '../domain/events.js';
import { evolve } from '../domain/evolve.js';
import type { ProjectState } from '../domain/state.js';
import { liveDuplicates } from '../read-model/project-status.projection.js';
import { projectWritten, type ProjectWritten } from './project-written.js';
import { assertInScope, assertParkExists, assertUnitExists } from './unit-scope.js';

export class RegisterLeadCommand extends Command<ProjectWritten> {
  constructor(
    readonly lead: LeadRequest,
    readonly write: WriteContext,
  ) {
    super();
  }
}

@CommandHandler(RegisterLeadCommand)
export class RegisterLeadHandler implements ICommandHandler<RegisterLeadCommand, ProjectWritten> {
  /** Leads are registered one at a time in this process, so two racing duplicates cannot both pass the check. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly writer: StreamWriter,
    @Inject(READ_DB) private readonly db: ReadDb,
  ) {}

  execute(command: RegisterLeadCommand): Promise<ProjectWritten> {
    const run = this.queue.then(() => this.register(command));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async register({ lead, write }: RegisterLeadCommand): Promise<ProjectWritten> {
    const replay = await this.writer.replayed(write);
    if (replay) return projectWritten(replay);
    assertUnitExists(this.db, lead.unitId);
    assertParkExists(this.db, lead.parkId);
    assertInScope(this.db, write.principal, lead.unitId);
    this.refuseDuplicate(lead);
    const projectId = randomUUID();
    return projectWritten(
      await this.writer.decideAndAppend<ProjectState, ProjectEvent>({
        streamId: projectStreamId(projectId),
        is: isProjectEvent,
        initial: null,
        evolve,
        decide: (state, today) => decide({ ...lead, projectId, registeredBy: write.principal.role }, state, today),
        occurredOn: businessDateOf,
        write,
      }),
    );
  }

  /**
   * One project, one unit: a live project with the same project name (normalised) and the same
   * investor — by credit code where both have one, else by normalised name — blocks a second lead.
   */
  private refuseDuplicate(lead: RegisterLeadCommand['lead']): void {
    if (lead.distinctFrom !== undefined && !this.exists(lead.distinctFrom)) {
      throw new RuleViolation('distinct-from-known', `distinctFrom ${lead.distinctFrom} is not a project of the ledger`);
    }
    const clash = liveDuplicates(this.db, lead).find((projectId) => projectId !== lead.distinctFrom);
    if (clash) throw new Conflict(`a live project with the same investor and name exists: ${clash}`, { projectId: clash });
  }

  private exists(projectId: string): boolean {
    return this.db.prepare('SELECT 1 FROM project_status WHERE project_id = ?').get(projectId) !== undefined;
  }
}
