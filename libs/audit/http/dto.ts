import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Min, ValidateBy } from 'class-validator';
import { parseInstant } from '../../kernel/index.js';

/** Stricter than "parses as a date": the zone must be explicit, or "as of" would depend on the server's. */
const IsZonedInstant = () =>
  ValidateBy({
    name: 'isZonedInstant',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseInstant(value) !== null,
      defaultMessage: () => 'asOf must be an ISO 8601 instant with a zone, e.g. 2026-03-01T08:00:00Z',
    },
  });

export class DigestQueryDto {
  @ApiPropertyOptional({ description: 'A global position; the head when absent', example: '1200' })
  @IsOptional()
  @Matches(/^(0|[1-9]\d{0,15})$/, { message: 'position must be a non-negative integer' })
  position?: string;
}

export class DigestCheckDto {
  @ApiProperty({ example: 1200 })
  @IsInt()
  @Min(0)
  position!: number;

  @ApiProperty({ description: 'sha-256, 64 lowercase hex digits', example: 'a3f1…' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'digest must be 64 lowercase hex digits' })
  digest!: string;
}

export class AsOfQueryDto {
  @ApiPropertyOptional({ description: 'An ISO 8601 instant with a zone', example: '2026-03-01T08:00:00Z' })
  @IsOptional()
  @IsZonedInstant()
  asOf?: string;
}
