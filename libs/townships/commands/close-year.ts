import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore, StoredEvent } from '../../event-store/index.js';
import { RuleViolation, cny, toFen, type Money } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/index.js';
import { EVENT_STORE, READ_DB } from '../../platform/injection.js';
import { StreamWriter } from '../../platform/commands/stream-writer.js';
import type { WriteContext } from '../../platform/commands/write-context.js';
import { decide } from '../domain/decide.js';
import { businessDateOf, isTownshipEvent, townshipStreamId, type TownshipEvent } from '../domain/events.js';
import { evolve } from '../domain/evolve.js';
import { exitedBy } from '../domain/rules.js';
import { EMPTY_TOWNSHIP, type TownshipState } from '../domain/state.js';
import { actualFor } from '../read-model/townships.queries.js';
import { assertTownship } from './township-scope.js';

export class CloseYearCommand extends Command<YearClosedAnswer> {
  constructor(
    readonly unitId: string,
    readonly year: number,
    readonly closedOn: string,
    readonly revises: boolean,
    readonly reason: string | null,
    readonly write: WriteContext,
  ) {
    super();
  }
}

export interface YearClosedAnswer {
  year: number;
  target: Money;
  actual: Money;
  met: boolean;
  exited: boolean;
}

/**
 * The actual comes from the read model before deciding, so this handler folds, decides and appends
 * itself. The answer is rebuilt from the stream up to the closing, so a replayed request gets the
 * first answer even after later closings.
 */
@CommandHandler(CloseYearCommand)
export class CloseYearHandler implements ICommandHandler<CloseYearCommand, YearClosedAnswer> {
  constructor(
    private readonly writer: StreamWriter,
    @Inject(READ_DB) private readonly db: ReadDb,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(c: CloseYearCommand): Promise<YearClosedAnswer> {
    assertTownship(this.db, c.unitId, c.write.principal);
    const streamId = townshipStreamId(c.unitId);
    const events = (await this.writer.replayed(c.write)) ?? (await this.close(c, streamId));
    return this.answer(streamId, events[0]);
  }

  private async close(c: CloseYearCommand, streamId: string): Promise<StoredEvent[]> {
    const { state, revision } = await this.writer.fold<TownshipState, TownshipEvent>(streamId, EMPTY_TOWNSHIP, evolve, isTownshipEvent);
    const today = this.writer.today();
    const actual = actualFor(this.db, c.unitId, c.year);
    const decision = decide({ type: 'CloseYear', unitId: c.unitId, year: c.year, closedOn: c.closedOn, revises: c.revises, reason: c.reason, actual }, state, today);
    if (decision instanceof RuleViolation) throw decision;
    return this.writer.append(streamId, decision, revision, (e) => businessDateOf(e, today), c.write);
  }

  private async answer(streamId: string, closing: StoredEvent): Promise<YearClosedAnswer> {
    if (!isTownshipEvent(closing) || closing.type !== 'YearClosed') throw new Error(`event ${closing.eventId} answers a year closing but is a ${closing.type}`);
    const before = (await this.store.readStream(streamId))
      .filter((e) => e.revision < closing.revision)
      .filter(isTownshipEvent)
      .reduce<TownshipState>((state, e) => evolve(state, e), EMPTY_TOWNSHIP);
    const { year, target, actual, met } = closing.data;
    return { year, target: cny(toFen(target)), actual: cny(toFen(actual)), met, exited: exitedBy(before.closings, evolve(before, closing).closings) };
  }
}
