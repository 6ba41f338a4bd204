import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Projection } from '../projector/index.js';
import { IssueAssessmentPolicyHandler } from './commands/issue-policy.js';
import { AssessmentController, AssessmentPoliciesController } from './http/assessment.controller.js';
import {
  ExportAssessmentHandler,
  ExportStalledHandler,
  GetAssessmentHandler,
  GetRatesHandler,
  GetStalledHandler,
  ListAssessmentPoliciesHandler,
  GetProgressHandler,
  ExportProgressHandler,
} from './queries/assessment-queries.js';
import { AssessmentProjection } from './read-model/assessment.projection.js';

/** The read models this capability owns, handed to LedgerCoreModule.forRoot by the app. */
export const assessmentProjections = (): Projection[] => [new AssessmentProjection()];

/** List it before ProjectsModule in the app's CAPABILITIES: it serves `/v1/projects/stalled`. */
@Module({
  imports: [CqrsModule],
  controllers: [AssessmentPoliciesController, AssessmentController],
  providers: [
    IssueAssessmentPolicyHandler,
    GetAssessmentHandler,
    GetRatesHandler,
    GetStalledHandler,
    ExportAssessmentHandler,
    ExportStalledHandler,
    ListAssessmentPoliciesHandler,
    GetProgressHandler,
    ExportProgressHandler,
  ],
})
export class AssessmentModule {}
