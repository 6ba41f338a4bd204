/** OpenAPI shapes of the assessment slice's answers; each class implements the interface its handler returns. */
import { ApiProperty } from '@nestjs/swagger';
import { MoneyResponse } from '../../platform/http/openapi.js';
import { type Sector, SECTORS, type Stage, STAGES, UNIT_KINDS, type UnitKind } from '../../projects/domain/index.js';
import type { PolicyIssued } from '../commands/issue-policy.js';
import type { Mark } from '../domain/counting.js';
import type { Flag, FlagLevel, FlagRule } from '../domain/stalled.js';
import type { AssessmentView, ProgressView, RatesView, StalledView } from '../read-model/assessment.queries.js';
import type { AssessmentPolicyView } from '../queries/assessment-queries.js';

export class AssessmentPolicyIssuedResponse implements PolicyIssued {
  @ApiProperty({ format: 'uuid' }) policyId!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ type: 'integer' }) revision!: number;
}

type AppliedPolicy = AssessmentView['policy'];
type RankedUnit = AssessmentView['units'][number];
type CountedProject = RankedUnit['projects'][number];

export class AppliedAssessmentPolicyResponse implements AppliedPolicy {
  @ApiProperty({ type: String, nullable: true, description: 'null when no policy was in force (the defaults apply)' }) policyId!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) effectiveFrom!: string | null;
  @ApiProperty({ type: MoneyResponse }) minimumProjectCny!: MoneyResponse;
  @ApiProperty({ enum: SECTORS, isArray: true }) fixedAssetSectors!: Sector[];
  @ApiProperty() realEstateTaxMultiplier!: number;
  @ApiProperty() otherSectorsCount!: boolean;
}

export class CountedProjectResponse implements CountedProject {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: MoneyResponse }) countedValue!: MoneyResponse;
  @ApiProperty() belowMinimum!: boolean;
}

export class RankedUnitResponse implements RankedUnit {
  @ApiProperty() unitId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: MoneyResponse }) score!: MoneyResponse;
  @ApiProperty({ type: 'integer' }) rank!: number;
  @ApiProperty({ type: String, enum: ['reward', 'self_criticism'], nullable: true }) mark!: Mark;
  @ApiProperty({ type: [CountedProjectResponse] }) projects!: CountedProjectResponse[];
}

/** `GET /v1/assessments/{period}`. */
export class AssessmentResponse implements AssessmentView {
  @ApiProperty({ example: '2026-H1' }) period!: string;
  @ApiProperty({ enum: UNIT_KINDS }) kind!: UnitKind;
  @ApiProperty({ type: AppliedAssessmentPolicyResponse }) policy!: AppliedAssessmentPolicyResponse;
  @ApiProperty({ type: [RankedUnitResponse] }) units!: RankedUnitResponse[];
}

type RatedProject = RatesView['projects'][number];

export class RatedProjectResponse implements RatedProject {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty({ format: 'date' }) signedOn!: string;
  @ApiProperty({ enum: STAGES }) stage!: Stage;
  @ApiProperty({ type: MoneyResponse }) committedInvestment!: MoneyResponse;
  @ApiProperty({ type: MoneyResponse }) fundingArrived!: MoneyResponse;
}

/** `GET /v1/units/{unitId}/rates`: ratios 0..1, null when nothing was signed in the window. */
export class RatesResponse implements RatesView {
  @ApiProperty() unitId!: string;
  @ApiProperty({ format: 'date' }) signedFrom!: string;
  @ApiProperty({ format: 'date' }) signedTo!: string;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1 }) successRate!: number | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1 }) fundingArrivalRate!: number | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1 }) completionRate!: number | null;
  @ApiProperty({ type: [RatedProjectResponse] }) projects!: RatedProjectResponse[];
}

export class FlagResponse implements Flag {
  @ApiProperty({ enum: ['not_started', 'funding_stopped', 'underfunded'] }) rule!: FlagRule;
  @ApiProperty({ enum: ['yellow', 'red'] }) level!: FlagLevel;
  @ApiProperty({ format: 'date', description: 'the day the condition reached this level' }) since!: string;
}

type StalledItem = StalledView['items'][number];

export class StalledItemResponse implements StalledItem {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty({ enum: STAGES }) stage!: Stage;
  @ApiProperty({ format: 'date' }) lastEventOn!: string;
  @ApiProperty({ type: 'integer' }) daysSilent!: number;
  @ApiProperty({ type: [FlagResponse] }) flags!: FlagResponse[];
}

/** `GET /v1/projects/stalled`. */
export class StalledResponse implements StalledView {
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ type: 'integer' }) days!: number;
  @ApiProperty({ type: [StalledItemResponse] }) items!: StalledItemResponse[];
}

export class AssessmentPolicyResponse implements AssessmentPolicyView {
  @ApiProperty({ format: 'uuid' }) policyId!: string;
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
  @ApiProperty({ type: MoneyResponse }) minimumProjectCny!: MoneyResponse;
  @ApiProperty({ enum: SECTORS, isArray: true }) fixedAssetSectors!: Sector[];
  @ApiProperty({ type: 'integer' }) realEstateTaxMultiplier!: number;
  @ApiProperty() otherSectorsCount!: boolean;
}

export class AssessmentPolicyListResponse {
  @ApiProperty({ type: [AssessmentPolicyResponse] }) items!: AssessmentPolicyResponse[];
}

type ProgressUnit = ProgressView['units'][number];

export class ProgressFiguresResponse {
  @ApiProperty({ type: 'integer' }) signedProjects!: number;
  @ApiProperty({ type: MoneyResponse }) committed!: MoneyResponse;
  @ApiProperty({ type: MoneyResponse }) arrived!: MoneyResponse;
}

export class CountyProgressResponse implements ProgressUnit {
  @ApiProperty() unitId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: ProgressFiguresResponse }) period!: ProgressFiguresResponse;
  @ApiProperty({ type: ProgressFiguresResponse, description: 'from 1 January of the period year to the end of the period' })
  yearToDate!: ProgressFiguresResponse;
  @ApiProperty({ type: MoneyResponse, nullable: true, description: "the sum of the year's targets of the townships below the county" })
  target!: MoneyResponse | null;
  @ApiProperty({ type: Number, nullable: true, description: 'arrived year to date over target, four fraction digits (above 1 when exceeded)' }) completion!:
    number | null;
}

export class ProgressResponse implements ProgressView {
  @ApiProperty({ example: '2026-Q3' }) period!: string;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ type: [CountyProgressResponse] }) units!: CountyProgressResponse[];
}
