import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Projection } from '../projector/index.js';
import { IssueRewardPolicyHandler, RepealRewardPolicyHandler } from './commands/policy-commands.js';
import { RecordPayoutHandler } from './commands/record-payout.js';
import { RewardPoliciesController, StatementsController } from './http/rewards.controller.js';
import {
  ExportStatementHandler,
  ExportStatementsHandler,
  GetPeriodStatementsHandler,
  GetStatementHandler,
  ListRewardPoliciesHandler,
} from './queries/statement-queries.js';
import { RewardsProjection } from './read-model/rewards.projection.js';

/** The read models this capability owns, handed to LedgerCoreModule.forRoot by the app. */
export const rewardsProjections = (): Projection[] => [new RewardsProjection()];

@Module({
  imports: [CqrsModule],
  controllers: [RewardPoliciesController, StatementsController],
  providers: [
    IssueRewardPolicyHandler,
    RepealRewardPolicyHandler,
    RecordPayoutHandler,
    GetStatementHandler,
    GetPeriodStatementsHandler,
    ExportStatementsHandler,
    ExportStatementHandler,
    ListRewardPoliciesHandler,
  ],
})
export class RewardsModule {}
