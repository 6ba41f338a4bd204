import { written, type Written } from '../../platform/commands/written.js';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, Command } from '@nestjs/cqrs';
import type { ReadDb } from '../../projector/index.js';
import { READ_DB } from '../../platform/injection.js';
import { StreamWriter } from '../../platform/commands/stream-writer.js';
import type { WriteContext } from '../../platform/commands/write-context.js';
import { decidePark, evolvePark, isParkEvent, parkStreamId, type Park } from '../domain/parks.js';
import { findUnit } from '../read-model/units.projection.js';
import { registerOnce } from './registration.js';
import { assertInScope } from './unit-scope.js';

export class RegisterParkCommand extends Command<ParkWritten> {
  constructor(
    readonly park: Park,
    readonly write: WriteContext,
  ) {
    super();
  }
}

export type ParkWritten = Written<'parkId'>;

@CommandHandler(RegisterParkCommand)
export class RegisterParkHandler implements ICommandHandler<RegisterParkCommand, ParkWritten> {
  constructor(
    private readonly writer: StreamWriter,
    @Inject(READ_DB) private readonly db: ReadDb,
  ) {}

  async execute({ park, write }: RegisterParkCommand): Promise<ParkWritten> {
    // A scoped principal registers parks only in its own unit or below it.
    if (findUnit(this.db, park.unitId)) assertInScope(this.db, write.principal, park.unitId);
    const last = await registerOnce(this.writer, write, {
      streamId: parkStreamId(park.parkId),
      is: isParkEvent,
      evolve: evolvePark,
      decide: (registered, today) => decidePark({ ...park, unit: findUnit(this.db, park.unitId) }, registered, today),
    });
    return written('parkId', String(last.data.parkId), last);
  }
}
