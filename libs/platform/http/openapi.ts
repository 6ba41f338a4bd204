/**
 * OpenAPI building blocks for the answers every slice shares: Money out, problem+json errors, and
 * file downloads. Response classes only describe what handlers already return (no validation here).
 */
import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { Money } from '../../kernel/index.js';
import { EXPORT_MEDIA_TYPES } from '../export/files.js';

/** Money in an answer: always two fraction digits. */
export class MoneyResponse implements Money {
  @ApiProperty({ description: 'decimal string with exactly two fraction digits (negative only where a field says so)', example: '1250000.00' })
  amount!: string;

  @ApiProperty({ description: 'ISO 4217 code', example: 'CNY' })
  currency!: string;
}

export class ProblemFieldError {
  @ApiProperty({ example: 'plannedInvestment.amount' }) field!: string;
  @ApiProperty({ example: 'plannedInvestment.amount must be a decimal string with at most two fraction digits, greater than zero' }) message!: string;
}

/** RFC 9457 problem details, as every error leaves (libs/platform/http/problem.ts). */
export class ProblemResponse {
  @ApiProperty({ example: 'https://ledger.example/problems/invalid-request' }) type!: string;
  @ApiProperty({ example: 'Invalid request' }) title!: string;
  @ApiProperty({ type: 'integer', example: 400 }) status!: number;
  @ApiProperty({ description: 'what went wrong; for 422 it names the refusing rule' }) detail!: string;
  @ApiPropertyOptional({ type: [ProblemFieldError], description: '400 only: every invalid field' }) errors?: ProblemFieldError[];
  @ApiPropertyOptional({
    description: '503 only: what is unavailable (SQLITE_FULL, SQLITE_BUSY, ReadSideUnavailable, EsdbUnavailable…)',
    example: 'SQLITE_FULL',
  })
  reason?: string;
}

/** When each status is answered (API.md "Conventions"). */
const PROBLEMS = {
  400: 'malformed or invalid input; every invalid field is named in `errors` (unknown fields are invalid)',
  401: 'no or unknown bearer token',
  403: 'the role or unit may not do this',
  404: 'unknown resource',
  409: 'idempotency conflict, or a write that conflicts with the ledger (a second payout, a duplicate, a concurrent write that lost)',
  412: 'the If-Match revision is stale',
  413: 'the body is over the size limit',
  422: 'a domain rule refused it; the rule is named in `detail`',
  429: 'too many requests or failed attempts; `Retry-After` says in how many seconds to try again',
  503: 'the storage or the read side is unavailable (reason names it), or a PDF was asked for and no font with Chinese glyphs is installed; nothing was recorded; retry after `Retry-After` seconds (docs/operations.md)',
} as const;

export type ProblemStatus = keyof typeof PROBLEMS;

/** The application/problem+json answers a route can give, one per status; every route may answer 503 (storage, read side). */
export function ApiProblems(...statuses: ProblemStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemResponse),
    ...[...new Set<ProblemStatus>([...statuses, 503])].map((status) =>
      ApiResponse({ status, description: PROBLEMS[status], content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemResponse) } } } }),
    ),
  );
}

/** A CSV or xlsx download (`?format=csv|xlsx`), sent as an attachment. */
export function ApiSheetDownload(description: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiProduces(...Object.values(EXPORT_MEDIA_TYPES)),
    ApiOkResponse({ description: `${description}; an attachment, CSV, xlsx or PDF as ?format says`, schema: { type: 'string', format: 'binary' } }),
  );
}
