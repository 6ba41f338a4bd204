/** OpenAPI shapes of the audit slice's answers; each class implements the interface its handler returns. */
import { ApiProperty } from '@nestjs/swagger';
import { ProjectViewResponse, RecordedEventResponse } from '../../projects/index.js';
import type { DigestCheck, LedgerDigest } from '../application/ledger-audit.js';
import type { AuditResult, BrokenEvent } from '../domain/ledger-check.js';
import type { TimelineEntry } from '../domain/project-history.js';
import type { ProjectTimeline } from '../queries/audit-queries.js';

export class BrokenEventResponse implements BrokenEvent {
  @ApiProperty({ type: String, nullable: true, description: 'null only when the event could not be read at all' }) streamId!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) revision!: number | null;
  @ApiProperty({ type: 'integer' }) globalPosition!: number;
  @ApiProperty() reason!: string;
}

/** `GET /v1/audit/verify`. */
export class AuditResultResponse implements AuditResult {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: 'integer', description: 'events examined, the broken one included' }) eventsChecked!: number;
  @ApiProperty({ type: BrokenEventResponse, nullable: true }) firstBroken!: BrokenEventResponse | null;
  @ApiProperty({ type: 'integer', description: 'the last position that verified' }) position!: number;
  @ApiProperty({ description: 'the ledger digest up to that position' }) digest!: string;
}

/** `GET /v1/audit/digest`: the digest an auditor keeps. */
export class LedgerDigestResponse implements LedgerDigest {
  @ApiProperty({ type: 'integer' }) position!: number;
  @ApiProperty() digest!: string;
}

/** `POST /v1/audit/digest/check`: whether the ledger still extends that digest. */
export class DigestCheckResponse implements DigestCheck {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'why the check failed; null when it holds' }) reason!: string | null;
}

export class TimelineEntryResponse extends RecordedEventResponse implements TimelineEntry {
  @ApiProperty({ description: 'the fact in plain words' }) summary!: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'revision of the void that struck this fact' }) voidedAt!: number | null;
}

/** `GET /v1/audit/projects/{id}/timeline`. */
export class ProjectTimelineResponse implements ProjectTimeline {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) asOf!: string | null;
  @ApiProperty({ type: ProjectViewResponse, nullable: true }) project!: ProjectViewResponse | null;
  @ApiProperty({ type: [TimelineEntryResponse] }) timeline!: TimelineEntryResponse[];
  @ApiProperty({ type: [String], description: 'the same timeline as readable lines' }) lines!: string[];
  @ApiProperty({ type: BrokenEventResponse, nullable: true }) firstBroken!: BrokenEventResponse | null;
}
