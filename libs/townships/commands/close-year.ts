import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore, StoredEvent } from '../../event-store/index.js';
import { cny, toFen, type Money } from '../../kernel/index.js';
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
 * The actual comes from the read model, read when the stream's turn comes. The answer is rebuilt from
 * the stream up to the closing, so a replayed request gets the first answer even after later closings.
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
    const today = this.writer.today();
    const [closing] = await this.writer.decideAndAppend<TownshipState, TownshipEvent>({
      streamId,
      is: isTownshipEvent,
      initial: EMPTY_TOWNSHIP,
      evolve,
      decide: (state, day) =>
        decide(
          {
            type: 'CloseYear',
            unitId: c.unitId,
            year: c.year,
            closedOn: c.closedOn,
            revises: c.revises,
            reason: c.reason,
            actual: actualFor(this.db, c.unitId, c.year),
          },
          state,
          day,
        ),
      occurredOn: (e) => businessDateOf(e, today),
      write: c.write,
    });
    return this.answer(streamId, closing);
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
