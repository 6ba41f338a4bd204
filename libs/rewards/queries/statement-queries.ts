import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFound } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/index.js';
import { READ_DB } from '../../platform/injection.js';
import { exportFile, type ExportFile, type ExportFormat } from '../../platform/export/files.js';
import type { HeaderLanguage } from '../../platform/export/sheet.js';
import { statementJson, type StatementJson } from '../domain/statement.js';
import { statementSheet } from '../export/statement-sheet.js';
import {
  referrerKnown,
  rewardPolicies,
  statement,
  statementNames,
  statements,
  statementsJson,
  type PeriodStatementsJson,
  type RewardPolicyView,
} from '../read-model/rewards.queries.js';

export type { PeriodStatementsJson } from '../read-model/rewards.queries.js';

export class GetStatementQuery extends Query<StatementJson> {
  constructor(
    readonly referrerId: string,
    readonly period: string,
  ) {
    super();
  }
}

@QueryHandler(GetStatementQuery)
export class GetStatementHandler implements IQueryHandler<GetStatementQuery, StatementJson> {
  constructor(@Inject(READ_DB) private readonly db: ReadDb) {}

  async execute({ referrerId, period }: GetStatementQuery): Promise<StatementJson> {
    if (!referrerKnown(this.db, referrerId)) throw new NotFound(`no referrer ${referrerId}`);
    return statementJson(statement(this.db, referrerId, period));
  }
}

export class GetPeriodStatementsQuery extends Query<PeriodStatementsJson> {
  constructor(readonly period: string) {
    super();
  }
}

@QueryHandler(GetPeriodStatementsQuery)
export class GetPeriodStatementsHandler implements IQueryHandler<GetPeriodStatementsQuery, PeriodStatementsJson> {
  constructor(@Inject(READ_DB) private readonly db: ReadDb) {}

  async execute({ period }: GetPeriodStatementsQuery): Promise<PeriodStatementsJson> {
    return statementsJson(this.db, period);
  }
}

export class ExportStatementsQuery extends Query<ExportFile> {
  constructor(
    readonly period: string,
    readonly format: ExportFormat,
    readonly language: HeaderLanguage,
    /** Called after each referrer's statement is computed (the CLI's progress bar). */
    readonly onProgress?: (done: number, total: number) => void,
  ) {
    super();
  }
}

@QueryHandler(ExportStatementsQuery)
export class ExportStatementsHandler implements IQueryHandler<ExportStatementsQuery, ExportFile> {
  constructor(@Inject(READ_DB) private readonly db: ReadDb) {}

  async execute({ period, format, language, onProgress }: ExportStatementsQuery): Promise<ExportFile> {
    return exportFile(statementSheet(statements(this.db, period, onProgress), language, statementNames(this.db)), format, `referrer-statements-${period}`);
  }
}

/** One referrer's statement for a half year as a file (a PDF with its signature block for the referrer's file). */
export class ExportStatementQuery extends Query<ExportFile> {
  constructor(
    readonly referrerId: string,
    readonly period: string,
    readonly format: ExportFormat,
    readonly language: HeaderLanguage,
  ) {
    super();
  }
}

@QueryHandler(ExportStatementQuery)
export class ExportStatementHandler implements IQueryHandler<ExportStatementQuery, ExportFile> {
  constructor(@Inject(READ_DB) private readonly db: ReadDb) {}

  async execute({ referrerId, period, format, language }: ExportStatementQuery): Promise<ExportFile> {
    if (!referrerKnown(this.db, referrerId)) throw new NotFound(`no referrer ${referrerId}`);
    const one = statement(this.db, referrerId, period);
    const sheet = statementSheet({ period, statements: [one], totalFen: one.totalFen }, language, statementNames(this.db));
    return exportFile(sheet, format, `referrer-statement-${referrerId}-${period}`);
  }
}

export class ListRewardPoliciesQuery extends Query<{ items: RewardPolicyView[] }> {}

@QueryHandler(ListRewardPoliciesQuery)
export class ListRewardPoliciesHandler implements IQueryHandler<ListRewardPoliciesQuery, { items: RewardPolicyView[] }> {
  constructor(@Inject(READ_DB) private readonly db: ReadDb) {}

  async execute(): Promise<{ items: RewardPolicyView[] }> {
    return { items: rewardPolicies(this.db) };
  }
}
