import { written, type Written } from '../../platform/commands/written.js';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ReadDb } from '../../projector/index.js';
import { READ_DB } from '../../platform/injection.js';
import { StreamWriter } from '../../platform/commands/stream-writer.js';
import type { WriteContext } from '../../platform/commands/write-context.js';
import { decideUnit, evolveUnit, isUnitEvent, unitStreamId, type RegisterUnit } from '../domain/units.js';
import { findUnit } from '../read-model/units.projection.js';
import { Forbidden } from '../../kernel/index.js';
import { registerOnce } from './registration.js';
import { assertInScope } from './unit-scope.js';

export class RegisterUnitCommand extends Command<UnitWritten> {
  constructor(
    readonly unit: RegisterUnit,
    readonly write: WriteContext,
  ) {
    super();
  }
}

export type UnitWritten = Written<'unitId'>;

@CommandHandler(RegisterUnitCommand)
export class RegisterUnitHandler implements ICommandHandler<RegisterUnitCommand, UnitWritten> {
  constructor(
    private readonly writer: StreamWriter,
    @Inject(READ_DB) private readonly db: ReadDb,
  ) {}

  async execute({ unit, write }: RegisterUnitCommand): Promise<UnitWritten> {
    // A scoped principal may add units only below its own.
    if (write.principal.unitId && !unit.parentId)
      throw new Forbidden(`${write.principal.actor} works for ${write.principal.unitId} only; a top-level unit is outside it`);
    if (unit.parentId) assertInScope(this.db, write.principal, unit.parentId);
    const last = await registerOnce(this.writer, write, {
      streamId: unitStreamId(unit.unitId),
      is: isUnitEvent,
      evolve: evolveUnit,
      decide: (registered, today) => decideUnit({ ...unit, parent: unit.parentId ? findUnit(this.db, unit.parentId) : null }, registered, today),
    });
    return written('unitId', String(last.data.unitId), last);
  }
}
