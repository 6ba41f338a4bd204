import { written, type Written } from '../../platform/commands/written.js';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ReadDb } from '../../projector/index.js';
import { READ_DB } from '../../platform/injection.js';
import { StreamWriter } from '../../platform/commands/stream-writer.js';
import type { WriteContext } from '../../platform/commands/write-context.js';
import type { TownshipCommand } from '../domain/commands.js';
import { decide } from '../domain/decide.js';
import { businessDateOf, isTownshipEvent, townshipStreamId, type TownshipEvent } from '../domain/events.js';
import { evolve } from '../domain/evolve.js';
import { EMPTY_TOWNSHIP, type TownshipState } from '../domain/state.js';
import { assertTownship } from './township-scope.js';

/** An appointment, a departure or a target: decided on the township stream alone. */
export class RecordTownshipFactCommand extends Command<TownshipWritten> {
  constructor(
    readonly command: Exclude<TownshipCommand, { type: 'CloseYear' }>,
    readonly write: WriteContext,
  ) {
    super();
  }
}

export type TownshipWritten = Written<'unitId'>;

@CommandHandler(RecordTownshipFactCommand)
export class RecordTownshipFactHandler implements ICommandHandler<RecordTownshipFactCommand, TownshipWritten> {
  constructor(
    private readonly writer: StreamWriter,
    @Inject(READ_DB) private readonly db: ReadDb,
  ) {}

  async execute({ command, write }: RecordTownshipFactCommand): Promise<TownshipWritten> {
    assertTownship(this.db, command.unitId, write.principal);
    const today = this.writer.today();
    const [event] = await this.writer.decideAndAppend<TownshipState, TownshipEvent>({
      streamId: townshipStreamId(command.unitId),
      is: isTownshipEvent,
      initial: EMPTY_TOWNSHIP,
      evolve,
      decide: (state, day) => decide(command, state, day),
      occurredOn: (e) => businessDateOf(e, today),
      write,
    });
    return written('unitId', command.unitId, event);
  }
}
