import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';
import { IsZonedInstant } from '../../platform/http/validation.js';

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
