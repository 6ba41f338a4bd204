import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Forbidden, NotFound } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/index.js';
import { READ_DB } from '../../platform/injection.js';
import { StreamWriter } from '../../platform/commands/stream-writer.js';
import type { WriteContext } from '../../platform/commands/write-context.js';
import type { ProjectCommand } from '../domain/commands.js';
import { decide } from '../domain/decide.js';
import { PROJECT_ROLES, mayVoid } from '../roles.js';
import { businessDateOf, isProjectEvent, projectStreamId, type ProjectEvent } from '../domain/events.js';
import { evolve } from '../domain/evolve.js';
import type { ProjectState } from '../domain/state.js';
import { projectFact, projectUnitId } from '../read-model/project-status.projection.js';
import { projectWritten, type ProjectWritten } from './project-written.js';
import { assertInScope, assertUnitExists } from './unit-scope.js';

/** Any fact on an existing project: the domain command travels as one discriminated union. */
export class RecordProjectFactCommand extends Command<ProjectWritten> {
  constructor(
    readonly projectId: string,
    readonly command: Exclude<ProjectCommand, { type: 'RegisterLead' }>,
    readonly write: WriteContext,
  ) {
    super();
  }
}

@CommandHandler(RecordProjectFactCommand)
export class RecordProjectFactHandler implements ICommandHandler<RecordProjectFactCommand, ProjectWritten> {
  constructor(
    private readonly writer: StreamWriter,
    @Inject(READ_DB) private readonly db: ReadDb,
  ) {}

  async execute({ projectId, command, write }: RecordProjectFactCommand): Promise<ProjectWritten> {
    const allowed: readonly string[] = PROJECT_ROLES[command.type];
    if (!allowed.includes(write.principal.role)) {
      throw new Forbidden(`the ${write.principal.role} role may not do this; allowed: ${allowed.join(', ')}`);
    }
    // The unit column is enough for the scope check; only a void needs the project's facts.
    const unitId = projectUnitId(this.db, projectId);
    if (unitId === null) throw new NotFound(`no project ${projectId}`);
    assertInScope(this.db, write.principal, unitId);
    if (command.type === 'ReassignCredit') {
      assertUnitExists(this.db, command.unitId);
      // Moving the credit names a second unit: a scoped assessor may move it only within its scope.
      assertInScope(this.db, write.principal, command.unitId);
    }
    if (command.type === 'VoidFact') this.assertMayVoid(projectId, command.eventId, write);
    const events = await this.writer.decideAndAppend<ProjectState, ProjectEvent>({
      streamId: projectStreamId(projectId),
      is: isProjectEvent,
      initial: null,
      evolve,
      decide: (state, today) => decide(command, state, today),
      occurredOn: businessDateOf,
      write,
    });
    return projectWritten(events);
  }

  /**
   * A void is judged by the fact it voids: an assessor, or a role that may record that kind of fact
   * (DOMAIN.md "by the recording unit or an assessor"); and, for a scoped principal, only when the
   * fact was recorded for a unit within its scope (the credit then, not now). An unknown event id is
   * left to the decider (422 void-target).
   */
  private assertMayVoid(projectId: string, eventId: string, write: WriteContext): void {
    const fact = projectFact(this.db, projectId, eventId);
    if (!fact) return;
    if (!mayVoid(write.principal.role, fact.type))
      throw new Forbidden(`the ${write.principal.role} role may not void a ${fact.type}: only an assessor or who records it may`);
    assertInScope(this.db, write.principal, fact.unitId);
  }
}
