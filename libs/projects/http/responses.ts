/** OpenAPI shapes of the projects slice's answers; each class implements the interface its handler returns. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MoneyResponse } from '../../platform/http/openapi.js';
import type { ProjectWritten } from '../commands/project-written.js';
import type { UnitWritten } from '../commands/register-unit.js';
import type { ParkWritten } from '../commands/register-park.js';
import type { Park } from '../domain/parks.js';
import { ORIGINS, REFERRER_KINDS, SECTORS, type Origin, type Referrer, type ReferrerKind, type Sector } from '../domain/events.js';
import { STAGES, type ProjectDates, type Stage } from '../domain/state.js';
import { UNIT_KINDS, type Unit, type UnitKind } from '../domain/units.js';
import type { HistoryItem, ProjectPage } from '../queries/project-queries.js';
import type { ProjectView } from '../queries/project-view.js';
import type { ReferrerView } from '../queries/referrer-queries.js';

/** `201 {projectId, eventId, revision}`: the answer to every write on a project. */
export class ProjectWrittenResponse implements ProjectWritten {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ format: 'uuid', description: 'the last event appended' }) eventId!: string;
  @ApiProperty({ type: 'integer', description: "the project stream's revision after the write (send it as If-Match)" }) revision!: number;
}

export class UnitWrittenResponse implements UnitWritten {
  @ApiProperty() unitId!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ type: 'integer' }) revision!: number;
}

export class UnitResponse implements Unit {
  @ApiProperty() unitId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: UNIT_KINDS }) kind!: UnitKind;
  @ApiProperty({ type: String, nullable: true }) parentId!: string | null;
}

export class ParkWrittenResponse implements ParkWritten {
  @ApiProperty() parkId!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ type: 'integer' }) revision!: number;
}

export class ParkResponse implements Park {
  @ApiProperty() parkId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'the unit the park lies in' }) unitId!: string;
}

export class ParkListResponse {
  @ApiProperty({ type: [ParkResponse] }) items!: ParkResponse[];
}

export class UnitListResponse {
  @ApiProperty({ type: [UnitResponse] }) items!: UnitResponse[];
}

/** Money as it was entered: a non-CNY amount keeps its CNY rate beside it. */
export class EnteredMoneyResponse extends MoneyResponse {
  @ApiPropertyOptional({ description: 'CNY per unit, beside a non-CNY amount', example: '7.1234' }) cnyRate?: string;
}

export class ReferrerResponse implements Referrer {
  @ApiProperty() referrerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: REFERRER_KINDS }) kind!: ReferrerKind;
}

export class ProjectDatesResponse implements ProjectDates {
  @ApiProperty({ type: String, format: 'date', nullable: true }) leadOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) signedOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) brokeGroundOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) completedOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) productionStartedOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) abandonedOn!: string | null;
}

/** `GET /v1/projects/{id}` (API.md "Reading projects"). */
export class ProjectViewResponse implements ProjectView {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() investor!: string;
  @ApiProperty({ type: String, nullable: true, example: '91350100M000100Y43', description: "the investor's unified social credit code, when recorded" })
  creditCode!: string | null;
  @ApiProperty({ enum: ORIGINS }) origin!: Origin;
  @ApiProperty({ enum: SECTORS }) sector!: Sector;
  @ApiProperty({ enum: STAGES }) stage!: Stage;
  @ApiProperty({ description: 'the unit credited' }) unitId!: string;
  @ApiProperty({ type: String, nullable: true }) parkId!: string | null;
  @ApiProperty({ type: ReferrerResponse, nullable: true }) referrer!: ReferrerResponse | null;
  @ApiProperty({ type: EnteredMoneyResponse }) plannedInvestment!: EnteredMoneyResponse;
  @ApiProperty({ type: EnteredMoneyResponse, nullable: true, description: 'null before signing' }) committedInvestment!: EnteredMoneyResponse | null;
  @ApiProperty({ type: MoneyResponse }) fundingArrivedCny!: MoneyResponse;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'arrived over committed, at most 1; null before signing' })
  fundingArrivalRate!: number | null;
  @ApiProperty({ type: MoneyResponse }) taxPaidCny!: MoneyResponse;
  @ApiProperty({ type: ProjectDatesResponse }) dates!: ProjectDatesResponse;
  @ApiProperty({ type: 'integer' }) revision!: number;
}

export class ProjectPageResponse implements ProjectPage {
  @ApiProperty({ type: [ProjectViewResponse] }) items!: ProjectViewResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as ?cursor= for the next page; null on the last' }) nextCursor!: string | null;
}

/** Where and when an event was recorded, and by whom: shared by a project's history and the audit timeline. */
export class RecordedEventResponse implements Pick<
  HistoryItem,
  'eventId' | 'type' | 'revision' | 'globalPosition' | 'occurredOn' | 'recordedAt' | 'actor' | 'role'
> {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ type: 'integer' }) revision!: number;
  @ApiProperty({ type: 'integer' }) globalPosition!: number;
  @ApiProperty({ format: 'date', description: 'the business date' }) occurredOn!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty() actor!: string;
  @ApiProperty() role!: string;
}

export class HistoryItemResponse extends RecordedEventResponse implements HistoryItem {
  @ApiProperty({ type: 'integer' }) schemaVersion!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the Idempotency-Key it was appended under, as stored (prefixed with the actor); null when none was sent',
    example: 'li.ming:3b1f…',
  })
  idempotencyKey!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "the event's data as recorded" }) data!: HistoryItem['data'];
  @ApiProperty({ description: "the event's seal" }) hash!: string;
  @ApiProperty({ description: 'the seal of the event before it in the ledger' }) previousHash!: string;
}

export class ProjectHistoryResponse {
  @ApiProperty({ type: [HistoryItemResponse] }) items!: HistoryItemResponse[];
}

type ReferredProject = ReferrerView['projects'][number];

export class ReferredProjectResponse implements ReferredProject {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() investor!: string;
  @ApiProperty({ type: String, nullable: true }) creditCode!: string | null;
  @ApiProperty({ description: 'the unit credited now' }) unitId!: string;
  @ApiProperty({ enum: STAGES }) stage!: Stage;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'the day the referrer was attached (the lead or a later assignment)' })
  attachedOn!: string | null;
}

export class ReferrerViewResponse implements ReferrerView {
  @ApiProperty() referrerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: REFERRER_KINDS }) kind!: ReferrerKind;
  @ApiProperty({ type: [ReferredProjectResponse] }) projects!: ReferredProjectResponse[];
}

export class ReferrerListResponse {
  @ApiProperty({ type: [ReferrerViewResponse] }) items!: ReferrerViewResponse[];
}
