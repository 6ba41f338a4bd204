import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFound } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/index.js';
import { Clock } from '../../platform/clock.js';
import { READ_DB } from '../../platform/injection.js';
import type { Ban } from '../domain/rules.js';
import { exportFile, type ExportFile, type ExportFormat } from '../../platform/export/files.js';
import type { HeaderLanguage } from '../../platform/export/sheet.js';
import { banSheet } from '../export/ban-register.js';
import {
  banRegister,
  bansActiveOn,
  eligibility,
  townshipOfficials,
  townshipView,
  type Eligibility,
  type TenureView,
  type TownshipView,
} from '../read-model/townships.queries.js';

export class GetTownshipQuery extends Query<TownshipView> {
  constructor(readonly unitId: string) {
    super();
  }
}

@QueryHandler(GetTownshipQuery)
export class GetTownshipHandler implements IQueryHandler<GetTownshipQuery, TownshipView> {
  constructor(@Inject(READ_DB) private readonly db: ReadDb) {}

  async execute({ unitId }: GetTownshipQuery): Promise<TownshipView> {
    const view = townshipView(this.db, unitId);
    if (!view) throw new NotFound(`no township ${unitId}`);
    return view;
  }
}

/** `on` / `activeOn` default to the ledger's today. */
export class GetEligibilityQuery extends Query<Eligibility> {
  constructor(
    readonly officialId: string,
    readonly on?: string,
  ) {
    super();
  }
}

@QueryHandler(GetEligibilityQuery)
export class GetEligibilityHandler implements IQueryHandler<GetEligibilityQuery, Eligibility> {
  constructor(
    @Inject(READ_DB) private readonly db: ReadDb,
    private readonly clock: Clock,
  ) {}

  async execute({ officialId, on }: GetEligibilityQuery): Promise<Eligibility> {
    const answer = eligibility(this.db, officialId, on ?? this.clock.today());
    if (!answer) throw new NotFound(`no official ${officialId} has held a township post`);
    return answer;
  }
}

export class ListPromotionBansQuery extends Query<{ items: Ban[] }> {
  constructor(readonly activeOn?: string) {
    super();
  }
}

@QueryHandler(ListPromotionBansQuery)
export class ListPromotionBansHandler implements IQueryHandler<ListPromotionBansQuery, { items: Ban[] }> {
  constructor(
    @Inject(READ_DB) private readonly db: ReadDb,
    private readonly clock: Clock,
  ) {}

  async execute({ activeOn }: ListPromotionBansQuery): Promise<{ items: Ban[] }> {
    return bansActiveOn(this.db, activeOn ?? this.clock.today());
  }
}

/** The ban register as a file, for the API and the CLI alike; without `activeOn`, every ban ever derived. */
export class ExportPromotionBansQuery extends Query<ExportFile> {
  constructor(
    readonly format: ExportFormat,
    readonly language: HeaderLanguage,
    readonly activeOn?: string,
  ) {
    super();
  }
}

@QueryHandler(ExportPromotionBansQuery)
export class ExportPromotionBansHandler implements IQueryHandler<ExportPromotionBansQuery, ExportFile> {
  constructor(@Inject(READ_DB) private readonly db: ReadDb) {}

  async execute({ format, language, activeOn }: ExportPromotionBansQuery): Promise<ExportFile> {
    const sheet = banSheet(activeOn ? bansActiveOn(this.db, activeOn).items : banRegister(this.db), language);
    return exportFile(sheet, format, `promotion-bans-${activeOn ?? 'all'}`);
  }
}

export class ListOfficialsQuery extends Query<{ unitId: string; items: TenureView[] }> {
  constructor(readonly unitId: string) {
    super();
  }
}

@QueryHandler(ListOfficialsQuery)
export class ListOfficialsHandler implements IQueryHandler<ListOfficialsQuery, { unitId: string; items: TenureView[] }> {
  constructor(@Inject(READ_DB) private readonly db: ReadDb) {}

  async execute({ unitId }: ListOfficialsQuery): Promise<{ unitId: string; items: TenureView[] }> {
    if (!townshipView(this.db, unitId)) throw new NotFound(`no township ${unitId}`);
    return { unitId, items: townshipOfficials(this.db, unitId) };
  }
}
