import { written, type Written } from '../../platform/commands/written.js';
import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { StreamWriter } from '../../platform/commands/stream-writer.js';
import type { WriteContext } from '../../platform/commands/write-context.js';
import {
  assessmentPolicyStreamId,
  decideIssuePolicy,
  evolvePolicy,
  isAssessmentPolicyEvent,
  type AssessmentPolicyEvent,
  type IssueAssessmentPolicy,
  type PolicyState,
} from '../domain/policy.js';

export class IssueAssessmentPolicyCommand extends Command<PolicyIssued> {
  constructor(
    readonly policy: Omit<IssueAssessmentPolicy, 'policyId'>,
    readonly write: WriteContext,
  ) {
    super();
  }
}

export type PolicyIssued = Written<'policyId'>;

@CommandHandler(IssueAssessmentPolicyCommand)
export class IssueAssessmentPolicyHandler implements ICommandHandler<IssueAssessmentPolicyCommand, PolicyIssued> {
  constructor(private readonly writer: StreamWriter) {}

  async execute({ policy, write }: IssueAssessmentPolicyCommand): Promise<PolicyIssued> {
    const policyId = randomUUID();
    // A replayed Idempotency-Key returns the first answer's events, so the answer is read from them.
    const [issued] = await this.writer.decideAndAppend<PolicyState, AssessmentPolicyEvent>({
      streamId: assessmentPolicyStreamId(policyId),
      is: isAssessmentPolicyEvent,
      initial: null,
      evolve: evolvePolicy,
      decide: (state, today) => decideIssuePolicy({ ...policy, policyId }, state, today),
      occurredOn: () => this.writer.today(),
      write,
    });
    return written('policyId', String(issued.data.policyId), issued);
  }
}
