/** OpenAPI shapes of the townships slice's answers; each class implements the interface its handler returns. */
import { ApiProperty } from '@nestjs/swagger';
import { MoneyResponse } from '../../platform/http/openapi.js';
import type { YearClosedAnswer } from '../commands/close-year.js';
import type { TownshipWritten } from '../commands/record-township-fact.js';
import type { Ban, Exit } from '../domain/rules.js';
import type { Eligibility, TenureView, TownshipView, TownshipYearView } from '../read-model/townships.queries.js';
import { POSTS, type Post } from '../domain/events.js';

export class TownshipWrittenResponse implements TownshipWritten {
  @ApiProperty() unitId!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ type: 'integer' }) revision!: number;
}

/** `201` to a year closing. */
export class YearClosedResponse implements YearClosedAnswer {
  @ApiProperty({ type: 'integer' }) year!: number;
  @ApiProperty({ type: MoneyResponse }) target!: MoneyResponse;
  @ApiProperty({ type: MoneyResponse }) actual!: MoneyResponse;
  @ApiProperty() met!: boolean;
  @ApiProperty({ description: 'whether this closing made the township exit' }) exited!: boolean;
}

export class TownshipYearResponse implements TownshipYearView {
  @ApiProperty({ type: 'integer' }) year!: number;
  @ApiProperty({ type: MoneyResponse }) target!: MoneyResponse;
  @ApiProperty({ type: MoneyResponse, description: 'while the year is open, the live figure so far' }) actual!: MoneyResponse;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null while the year is open' }) met!: boolean | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) closedOn!: string | null;
}

export class ExitResponse implements Exit {
  @ApiProperty({ format: 'date' }) on!: string;
  @ApiProperty({ type: 'integer', isArray: true, description: 'the failed years that made it exit' }) years!: number[];
}

/** `GET /v1/townships/{unitId}`. */
export class TownshipResponse implements TownshipView {
  @ApiProperty() unitId!: string;
  @ApiProperty({ type: [TownshipYearResponse] }) years!: TownshipYearResponse[];
  @ApiProperty({ type: [ExitResponse] }) exits!: ExitResponse[];
}

type UnitBan = Eligibility['bans'][number];

export class UnitBanResponse implements UnitBan {
  @ApiProperty() unitId!: string;
  @ApiProperty({ type: 'integer', isArray: true }) failedYears!: number[];
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date', description: 'the first day the official may be promoted again (not part of the ban)' }) until!: string;
}

/** `GET /v1/officials/{officialId}/promotion-eligibility`. */
export class EligibilityResponse implements Eligibility {
  @ApiProperty() officialId!: string;
  @ApiProperty({ format: 'date' }) on!: string;
  @ApiProperty() eligible!: boolean;
  @ApiProperty({ type: [UnitBanResponse] }) bans!: UnitBanResponse[];
}

export class BanResponse extends UnitBanResponse implements Ban {
  @ApiProperty() officialId!: string;
  @ApiProperty() name!: string;
}

/** `GET /v1/promotion-bans`: every ban in force that day. */
export class BanListResponse {
  @ApiProperty({ type: [BanResponse] }) items!: BanResponse[];
}

export class TenureResponse implements TenureView {
  @ApiProperty() officialId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: POSTS }) post!: Post;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'the departure day; null while in post' }) to!: string | null;
}

export class OfficialListResponse {
  @ApiProperty() unitId!: string;
  @ApiProperty({ type: [TenureResponse] }) items!: TenureResponse[];
}
