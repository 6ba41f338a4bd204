import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Min } from 'class-validator';
import { HASH_ALGORITHMS, type HashAlgorithm } from '../../event-store/hashing.js';
import { IsZonedInstant } from '../../platform/http/validation.js';
import { CHECKPOINT_FORMAT, SIGNATURE_ALGORITHMS, type SignatureAlgorithm, type SignedCheckpoint } from '../domain/checkpoint.js';

const COUNT = /^(0|[1-9]\d{0,15})$/;
const count = (name: string) => Matches(COUNT, { message: `${name} must be a non-negative integer` });

export class DigestQueryDto {
  @ApiPropertyOptional({ description: 'A global position; the head when absent', example: '1200' })
  @IsOptional()
  @count('position')
  position?: string;
}

export class InclusionQueryDto {
  @ApiProperty({ description: 'the global position of the event', example: '17' })
  @count('position')
  position!: string;

  @ApiPropertyOptional({ description: 'the tree size to prove against (a checkpoint’s); the head when absent', example: '1200' })
  @IsOptional()
  @count('size')
  size?: string;
}

export class ConsistencyQueryDto {
  @ApiProperty({ description: 'the earlier tree size (a checkpoint the auditor holds)', example: '1000' })
  @count('from')
  from!: string;

  @ApiPropertyOptional({ description: 'the later tree size; the head when absent', example: '1200' })
  @IsOptional()
  @count('to')
  to?: string;
}

export class BundleQueryDto {
  @ApiPropertyOptional({ description: 'the tree size to prove against; the latest checkpoint’s when absent (else the head)', example: '1200' })
  @IsOptional()
  @count('size')
  size?: string;

  @ApiPropertyOptional({ description: 'adds a consistency proof from this earlier size (a checkpoint the auditor holds)', example: '1000' })
  @IsOptional()
  @count('consistencyFrom')
  consistencyFrom?: string;
}

/** A signed checkpoint as the ledger issued it (GET /v1/audit/checkpoints), brought back by an auditor. */
export class CheckpointDto implements SignedCheckpoint {
  @ApiProperty({ enum: [CHECKPOINT_FORMAT] })
  @IsIn([CHECKPOINT_FORMAT])
  format!: typeof CHECKPOINT_FORMAT;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  ledgerId!: string;

  @ApiProperty({ enum: HASH_ALGORITHMS })
  @IsIn(HASH_ALGORITHMS)
  hashAlgorithm!: HashAlgorithm;

  @ApiProperty({ type: 'integer', example: 1200 })
  @IsInt()
  @Min(0)
  size!: number;

  @ApiProperty({ description: '64 lowercase hex digits' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'root must be 64 lowercase hex digits' })
  root!: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  time!: string;

  @ApiProperty({ enum: SIGNATURE_ALGORITHMS })
  @IsIn(SIGNATURE_ALGORITHMS)
  signatureAlgorithm!: SignatureAlgorithm;

  @ApiProperty()
  @IsString()
  keyId!: string;

  @ApiProperty({ description: 'base64' })
  @IsString()
  signature!: string;
}

export class DigestCheckDto {
  @ApiProperty({ example: 1200 })
  @IsInt()
  @Min(0)
  position!: number;

  @ApiProperty({
    description: 'the digest kept: the Merkle root at that position (or a chain digest kept before the tree), 64 lowercase hex digits',
    example: 'a3f1…',
  })
  @Matches(/^[0-9a-f]{64}$/, { message: 'digest must be 64 lowercase hex digits' })
  digest!: string;

  @ApiPropertyOptional({ enum: HASH_ALGORITHMS, description: 'as GET /v1/audit/digest gave it; a digest of another algorithm does not check' })
  @IsOptional()
  @IsIn(HASH_ALGORITHMS)
  hashAlgorithm?: HashAlgorithm;
}

export class AsOfQueryDto {
  @ApiPropertyOptional({ description: 'An ISO 8601 instant with a zone', example: '2026-03-01T08:00:00Z' })
  @IsOptional()
  @IsZonedInstant()
  asOf?: string;
}
