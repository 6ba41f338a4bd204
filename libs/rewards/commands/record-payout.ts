import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { StoredEvent } from '../../event-store/index.js';
import { NotFound, RuleViolation, toFen } from '../../kernel/index.js';
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
 * The decision needs the statement's total from the read model, so this handler folds, decides and
 * appends itself. The expected revision of the referrer's payout stream makes a concurrent second
 * payout lose (409); the statement frozen into the event is what was paid.
 */
@CommandHandler(RecordPayoutCommand)
export class RecordPayoutHandler implements ICommandHandler<RecordPayoutCommand, PayoutWritten> {
  constructor(
    private readonly writer: StreamWriter,
    @Inject(READ_DB) private readonly db: ReadDb,
  ) {}

  async execute({ payout, write }: RecordPayoutCommand): Promise<PayoutWritten> {
    const [event] = (await this.writer.replayed(write)) ?? (await this.pay(payout, write));
    if (!isPayoutEvent(event)) throw new Error(`event ${event.eventId} answers a payout but is a ${event.type}`);
    const { data } = event;
    const paid = thaw(data.referrerId, data.period, data.statement, { amountFen: toFen(data.amount), paymentReference: data.paymentReference, paidOn: data.paidOn });
    return { ...statementJson(paid), eventId: event.eventId, revision: event.revision };
  }

  private async pay(payout: RecordPayout, write: WriteContext): Promise<StoredEvent[]> {
    if (!referrerKnown(this.db, payout.referrerId)) throw new NotFound(`no referrer ${payout.referrerId}`);
    const streamId = referrerPayoutsStreamId(payout.referrerId);
    const { state, revision } = await this.writer.fold<PayoutState, PayoutEvent>(streamId, NO_PAYOUTS, evolvePayouts, isPayoutEvent);
    const decision = decidePayout({ ...payout, statement: statement(this.db, payout.referrerId, payout.period) }, state, this.writer.today());
    if (decision instanceof RuleViolation) throw decision;
    return this.writer.append(streamId, decision, revision, (e) => e.data.paidOn, write);
  }
}
