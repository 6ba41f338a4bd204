import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { LocalDate, Period } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/index.js';
import type { UnitKind } from '../../projects/domain/index.js';
import { Clock } from '../../platform/clock.js';
import { READ_DB } from '../../platform/injection.js';
import { DEFAULT_SILENT_DAYS } from '../domain/stalled.js';
import { exportFile, type ExportFile, type ExportFormat } from '../../platform/export/files.js';
import type { HeaderLanguage } from '../../platform/export/sheet.js';
import { progressSheet, rankingSheet, stalledSheet } from '../export/sheets.js';
import {
  assessmentOf,
  listPolicies,
  progressOf,
  ratesOf,
  stalledOf,
  type AssessmentView,
  type ProgressView,
  type RatesView,
  type StalledView,
} from '../read-model/assessment.queries.js';
import { cny, toFen, type Money } from '../../kernel/index.js';
import type { AssessmentPolicy } from '../domain/policy.js';

export class GetAssessmentQuery extends Query<AssessmentView> {
  constructor(
    readonly period: Period,
    readonly kind: UnitKind,
  ) {
    super();
  }
}

@QueryHandler(GetAssessmentQuery)
export class GetAssessmentHandler implements IQueryHandler<GetAssessmentQuery, AssessmentView> {
  constructor(@Inject(READ_DB) private readonly db: ReadDb) {}

  async execute({ period, kind }: GetAssessmentQuery): Promise<AssessmentView> {
    return assessmentOf(this.db, period, kind);
  }
}

/** The signing window defaults to everything up to today. */
export class GetRatesQuery extends Query<RatesView> {
  constructor(
    readonly unitId: string,
    readonly signedFrom?: LocalDate,
    readonly signedTo?: LocalDate,
  ) {
    super();
  }
}

/** The kernel's first calendar day: no project is signed before it. */
const EARLIEST = '1900-01-01';

@QueryHandler(GetRatesQuery)
export class GetRatesHandler implements IQueryHandler<GetRatesQuery, RatesView> {
  constructor(
    @Inject(READ_DB) private readonly db: ReadDb,
    private readonly clock: Clock,
  ) {}

  async execute({ unitId, signedFrom, signedTo }: GetRatesQuery): Promise<RatesView> {
    return ratesOf(this.db, unitId, signedFrom ?? EARLIEST, signedTo ?? this.clock.today());
  }
}

/** `asOf` defaults to the ledger's today, `days` to 90. */
export class GetStalledQuery extends Query<StalledView> {
  constructor(
    readonly asOf?: LocalDate,
    readonly days?: number,
  ) {
    super();
  }
}

@QueryHandler(GetStalledQuery)
export class GetStalledHandler implements IQueryHandler<GetStalledQuery, StalledView> {
  constructor(
    @Inject(READ_DB) private readonly db: ReadDb,
    private readonly clock: Clock,
  ) {}

  async execute({ asOf, days }: GetStalledQuery): Promise<StalledView> {
    return stalledOf(this.db, asOf ?? this.clock.today(), days ?? DEFAULT_SILENT_DAYS);
  }
}

export interface ExportOptions {
  format: ExportFormat;
  language: HeaderLanguage;
}

export class ExportAssessmentQuery extends Query<ExportFile> {
  constructor(
    readonly query: GetAssessmentQuery,
    readonly options: ExportOptions,
  ) {
    super();
  }
}

@QueryHandler(ExportAssessmentQuery)
export class ExportAssessmentHandler implements IQueryHandler<ExportAssessmentQuery, ExportFile> {
  constructor(private readonly view: GetAssessmentHandler) {}

  async execute({ query, options }: ExportAssessmentQuery): Promise<ExportFile> {
    const view = await this.view.execute(query);
    return exportFile(rankingSheet(view, options.language), options.format, `assessment-${view.kind}-${view.period}`);
  }
}

export class ExportStalledQuery extends Query<ExportFile> {
  constructor(
    readonly query: GetStalledQuery,
    readonly options: ExportOptions,
  ) {
    super();
  }
}

@QueryHandler(ExportStalledQuery)
export class ExportStalledHandler implements IQueryHandler<ExportStalledQuery, ExportFile> {
  constructor(private readonly view: GetStalledHandler) {}

  async execute({ query, options }: ExportStalledQuery): Promise<ExportFile> {
    const view = await this.view.execute(query);
    return exportFile(stalledSheet(view, options.language), options.format, `stalled-projects-${view.asOf}`);
  }
}

/** An assessment policy as set-up reads it: never repealed, superseded for later periods by the next one in force. */
export interface AssessmentPolicyView extends Omit<AssessmentPolicy, 'minimumProjectCny'> {
  minimumProjectCny: Money;
}

export class ListAssessmentPoliciesQuery extends Query<{ items: AssessmentPolicyView[] }> {}

@QueryHandler(ListAssessmentPoliciesQuery)
export class ListAssessmentPoliciesHandler implements IQueryHandler<ListAssessmentPoliciesQuery, { items: AssessmentPolicyView[] }> {
  constructor(@Inject(READ_DB) private readonly db: ReadDb) {}

  async execute(): Promise<{ items: AssessmentPolicyView[] }> {
    return { items: listPolicies(this.db).map((p) => ({ ...p, minimumProjectCny: cny(toFen(p.minimumProjectCny)) })) };
  }
}

export class GetProgressQuery extends Query<ProgressView> {
  constructor(readonly period: Period) {
    super();
  }
}

@QueryHandler(GetProgressQuery)
export class GetProgressHandler implements IQueryHandler<GetProgressQuery, ProgressView> {
  constructor(@Inject(READ_DB) private readonly db: ReadDb) {}

  async execute({ period }: GetProgressQuery): Promise<ProgressView> {
    return progressOf(this.db, period);
  }
}

export class ExportProgressQuery extends Query<ExportFile> {
  constructor(
    readonly period: Period,
    readonly format: ExportFormat,
    readonly language: HeaderLanguage,
  ) {
    super();
  }
}

@QueryHandler(ExportProgressQuery)
export class ExportProgressHandler implements IQueryHandler<ExportProgressQuery, ExportFile> {
  constructor(@Inject(READ_DB) private readonly db: ReadDb) {}

  async execute({ period, format, language }: ExportProgressQuery): Promise<ExportFile> {
    return exportFile(progressSheet(progressOf(this.db, period), language), format, `county-progress-${period.id}`);
  }
}
