import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFound, toFen } from '../../kernel/index.js';
import { StreamWriter } from '../../platform/commands/stream-writer.js';
import type { WriteContext } from '../../platform/commands/write-context.js';
import { READ_DB } from '../../platform/injection.js';
import type { ReadDb } from '../../projector/index.js';
import { isPayoutEvent, referrerPayoutsStreamId, type PayoutEvent } from '../domain/events.js';
import { decidePayout, evolvePayouts, NO_PAYOUTS, type PayoutState, type RecordPayout } from '../domain/payout.js';
import { statementJson, thaw, type StatementJson } from '../domain/statement.js';
import { referrerKnown, statement } from '../read-model/rewards.queries.js';

export class RecordPayoutCommand extends Command<PayoutWritten> {
  constructor(
    readonly payout: RecordPayout,
    readonly write: WriteContext,
  ) {
    super();
  }
}

export type PayoutWritten = StatementJson & { eventId: string; revision: number };

/**
 * The decision needs the statement's total from the read model, read when the referrer's payout
 * stream has its turn, so a second payout of the same period is refused; the statement frozen into
 * the event is what was paid.
 */
@CommandHandler(RecordPayoutCommand)
export class RecordPayoutHandler implements ICommandHandler<RecordPayoutCommand, PayoutWritten> {
  constructor(
    private readonly writer: StreamWriter,
    @Inject(READ_DB) private readonly db: ReadDb,
  ) {}

  async execute({ payout, write }: RecordPayoutCommand): Promise<PayoutWritten> {
    if (!referrerKnown(this.db, payout.referrerId)) throw new NotFound(`no referrer ${payout.referrerId}`);
    const [event] = await this.writer.decideAndAppend<PayoutState, PayoutEvent>({
      streamId: referrerPayoutsStreamId(payout.referrerId),
      is: isPayoutEvent,
      initial: NO_PAYOUTS,
      evolve: evolvePayouts,
      decide: (state, today) => decidePayout({ ...payout, statement: statement(this.db, payout.referrerId, payout.period) }, state, today),
      occurredOn: (e) => e.data.paidOn,
      write,
    });
    if (!isPayoutEvent(event)) throw new Error(`event ${event.eventId} answers a payout but is a ${event.type}`);
    const { data } = event;
    const paid = thaw(data.referrerId, data.period, data.statement, {
      amountFen: toFen(data.amount),
      paymentReference: data.paymentReference,
      paidOn: data.paidOn,
    });
    return { ...statementJson(paid), eventId: event.eventId, revision: event.revision };
  }
}
