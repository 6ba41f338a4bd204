import { written, type Written } from '../../platform/commands/written.js';
import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { StoredEvent } from '../../event-store/index.js';
import { StreamWriter } from '../../platform/commands/stream-writer.js';
import type { WriteContext } from '../../platform/commands/write-context.js';
import { isRewardPolicyEvent, rewardPolicyStreamId, type RewardPolicyEvent } from '../domain/events.js';
import { decidePolicy, evolvePolicy, type PolicyCommand, type PolicyState } from '../domain/policy.js';

/** Without `policyId`: issuing names a new one. */
type Issue = Omit<Extract<PolicyCommand, { type: 'IssueRewardPolicy' }>, 'type' | 'policyId'>;
type Repeal = Omit<Extract<PolicyCommand, { type: 'RepealRewardPolicy' }>, 'type'>;

export class IssueRewardPolicyCommand extends Command<PolicyWritten> {
  constructor(
    readonly policy: Issue,
    readonly write: WriteContext,
  ) {
    super();
  }
}

export class RepealRewardPolicyCommand extends Command<PolicyWritten> {
  constructor(
    readonly repeal: Repeal,
    readonly write: WriteContext,
  ) {
    super();
  }
}

export type PolicyWritten = Written<'policyId'>;

/** Policy events are dated the day they are recorded; the dates they speak of are in their data. */
function writePolicy(writer: StreamWriter, command: PolicyCommand, write: WriteContext): Promise<StoredEvent[]> {
  return writer.decideAndAppend<PolicyState, RewardPolicyEvent>({
    streamId: rewardPolicyStreamId(command.policyId),
    is: isRewardPolicyEvent,
    initial: null,
    evolve: evolvePolicy,
    decide: (state, today) => decidePolicy(command, state, today),
    occurredOn: () => writer.today(),
    write,
  });
}

/** Read from the stored event, so a replayed Idempotency-Key gets the first answer. */
function policyWritten([event]: StoredEvent[]): PolicyWritten {
  return written('policyId', String(event.data.policyId), event);
}

@CommandHandler(IssueRewardPolicyCommand)
export class IssueRewardPolicyHandler implements ICommandHandler<IssueRewardPolicyCommand, PolicyWritten> {
  constructor(private readonly writer: StreamWriter) {}

  async execute({ policy, write }: IssueRewardPolicyCommand): Promise<PolicyWritten> {
    return policyWritten(await writePolicy(this.writer, { type: 'IssueRewardPolicy', policyId: randomUUID(), ...policy }, write));
  }
}

@CommandHandler(RepealRewardPolicyCommand)
export class RepealRewardPolicyHandler implements ICommandHandler<RepealRewardPolicyCommand, PolicyWritten> {
  constructor(private readonly writer: StreamWriter) {}

  async execute({ repeal, write }: RepealRewardPolicyCommand): Promise<PolicyWritten> {
    return policyWritten(await writePolicy(this.writer, { type: 'RepealRewardPolicy', ...repeal }, write));
  }
}
