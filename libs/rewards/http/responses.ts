/** OpenAPI shapes of the rewards slice's answers; each class implements the interface its handler returns. */
import { ApiProperty } from '@nestjs/swagger';
import { MoneyResponse } from '../../platform/http/openapi.js';
import type { PolicyWritten } from '../commands/policy-commands.js';
import type { PayoutWritten } from '../commands/record-payout.js';
import type { AdjustmentReason, StatementJson } from '../domain/statement.js';
import type { PeriodStatementsJson } from '../queries/statement-queries.js';
import type { RewardPolicyView } from '../read-model/rewards.queries.js';
import { SECTORS, type Sector } from '../../projects/domain/index.js';

export class RewardPolicyWrittenResponse implements PolicyWritten {
  @ApiProperty({ format: 'uuid' }) policyId!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ type: 'integer' }) revision!: number;
}

type StatementLine = StatementJson['lines'][number];
type Adjustment = StatementJson['adjustments'][number];
type Paid = NonNullable<StatementJson['paid']>;

export class StatementLineResponse implements StatementLine {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ type: MoneyResponse }) taxPaidCny!: MoneyResponse;
  @ApiProperty({ type: 'integer', description: 'the reward rate in basis points' }) rateBps!: number;
  @ApiProperty({ type: MoneyResponse }) reward!: MoneyResponse;
}

export class AdjustmentResponse implements Adjustment {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) projectId!: string | null;
  @ApiProperty({ example: '2026-H1', description: 'the period it corrects' }) forPeriod!: string;
  @ApiProperty({ type: MoneyResponse, description: 'negative when it takes back' }) amount!: MoneyResponse;
  @ApiProperty({ enum: ['underpaid', 'overpaid', 'carried_forward'] }) reason!: AdjustmentReason;
}

export class PaidResponse implements Paid {
  @ApiProperty({ type: MoneyResponse }) amount!: MoneyResponse;
  @ApiProperty() paymentReference!: string;
  @ApiProperty({ format: 'date' }) paidOn!: string;
}

/** `GET /v1/referrers/{referrerId}/statements/{period}`. */
export class StatementResponse implements StatementJson {
  @ApiProperty() referrerId!: string;
  @ApiProperty({ example: '2026-H1' }) period!: string;
  @ApiProperty({ type: [StatementLineResponse] }) lines!: StatementLineResponse[];
  @ApiProperty({ type: [AdjustmentResponse] }) adjustments!: AdjustmentResponse[];
  @ApiProperty({ type: MoneyResponse, description: 'may be negative' }) total!: MoneyResponse;
  @ApiProperty({ type: PaidResponse, nullable: true, description: 'null until the period is paid' }) paid!: PaidResponse | null;
}

/** `201`: the statement as paid, with where the payout landed. */
export class PayoutWrittenResponse extends StatementResponse implements PayoutWritten {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ type: 'integer' }) revision!: number;
}

/** `GET /v1/statements/{period}`: every referrer's statement and their sum. */
export class PeriodStatementsResponse implements PeriodStatementsJson {
  @ApiProperty({ example: '2026-H1' }) period!: string;
  @ApiProperty({ type: [StatementResponse] }) statements!: StatementResponse[];
  @ApiProperty({ type: MoneyResponse }) total!: MoneyResponse;
}

export class RepealResponse {
  @ApiProperty({ format: 'date', description: 'tax paid on or after this day earns nothing under the policy' }) repealedFrom!: string;
  @ApiProperty() reason!: string;
}

export class RewardPolicyResponse implements RewardPolicyView {
  @ApiProperty({ format: 'uuid' }) policyId!: string;
  @ApiProperty({ type: 'integer' }) rateBps!: number;
  @ApiProperty({ enum: SECTORS, isArray: true }) productiveSectors!: Sector[];
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
  @ApiProperty({ type: MoneyResponse, nullable: true, description: 'per referral; null for no cap' }) lifetimeCap!: MoneyResponse | null;
  @ApiProperty({ type: RepealResponse, nullable: true }) repealed!: RepealResponse | null;
}

export class RewardPolicyListResponse {
  @ApiProperty({ type: [RewardPolicyResponse] }) items!: RewardPolicyResponse[];
}
