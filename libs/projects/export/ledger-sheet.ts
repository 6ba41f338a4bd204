/**
 * The project ledger (招商引资项目台账) as a sheet: one row per project with its investor and credit
 * code, unit and park by name, stage, money and dates, and a totals row. Pure; the shared writer
 * encodes it (xlsx with filters for supervisors). Money stays exact decimal strings here.
 */
import { fromFen, sumFen, toFen } from '../../kernel/index.js';
import { columnsIn, rowIn, signatureBlock, type ColumnSpec, type HeaderLanguage, type Labels, type Sheet } from '../../platform/export/sheet.js';
import type { Origin, Sector, SigningKind } from '../domain/events.js';
import type { Stage } from '../domain/state.js';
import type { ProjectView } from '../queries/project-view.js';

export const LEDGER_COLUMNS = {
  projectId: { zh: '项目编号', en: 'projectId' },
  name: { zh: '项目名称', en: 'name' },
  investor: { zh: '投资方', en: 'investor' },
  creditCode: { zh: '统一社会信用代码', en: 'creditCode' },
  unitId: { zh: '认定单位代码', en: 'unitId' },
  unit: { zh: '认定单位', en: 'unit' },
  park: { zh: '园区', en: 'park' },
  origin: { zh: '内资/外资', en: 'origin' },
  sector: { zh: '产业', en: 'sector' },
  stage: { zh: '阶段', en: 'stage' },
  planned: { zh: '计划投资（元）', en: 'planned (CNY)', kind: 'money' },
  committed: { zh: '签约投资（元）', en: 'committed (CNY)', kind: 'money' },
  arrived: { zh: '到位资金（元）', en: 'arrived (CNY)', kind: 'money' },
  arrivalRate: { zh: '资金到位率', en: 'arrival rate', kind: 'ratio' },
  tax: { zh: '累计纳税（元）', en: 'tax paid (CNY)', kind: 'money' },
  referrer: { zh: '引荐人', en: 'referrer' },
  leadOn: { zh: '线索日期', en: 'leadOn' },
  signedOn: { zh: '签约日期', en: 'signedOn' },
  brokeGroundOn: { zh: '开工日期', en: 'brokeGroundOn' },
  completedOn: { zh: '竣工日期', en: 'completedOn' },
  productionStartedOn: { zh: '投产日期', en: 'productionStartedOn' },
  abandonedOn: { zh: '终止日期', en: 'abandonedOn' },
} satisfies Record<string, ColumnSpec>;

export const STAGE_NAMES: Labels<Stage> = {
  lead: { zh: '线索', en: 'lead' },
  signed: { zh: '已签约', en: 'signed' },
  under_construction: { zh: '在建', en: 'under construction' },
  completed: { zh: '已竣工', en: 'completed' },
  in_production: { zh: '已投产', en: 'in production' },
  abandoned: { zh: '已终止', en: 'abandoned' },
};

export const ORIGIN_NAMES: Labels<Origin> = { domestic: { zh: '内资', en: 'domestic' }, foreign: { zh: '外资', en: 'foreign' } };

export const SECTOR_NAMES: Labels<Sector> = {
  primary: { zh: '第一产业', en: 'primary' },
  secondary: { zh: '第二产业', en: 'secondary' },
  tertiary: { zh: '第三产业', en: 'tertiary' },
  real_estate: { zh: '房地产', en: 'real estate' },
};

export const SIGNING_NAMES: Labels<SigningKind> = { intent: { zh: '意向', en: 'intent' }, contract: { zh: '正式合同', en: 'contract' } };

export interface LedgerNames {
  units: Map<string, string>;
  parks: Map<string, string>;
}

/** A project's view, with its planned and committed investment in CNY (foreign amounts at their frozen rate). */
export interface LedgerRow {
  view: ProjectView;
  plannedCny: string;
  committedCny: string | null;
}

export function ledgerSheet(rows: readonly LedgerRow[], lang: HeaderLanguage, names: LedgerNames, scope: { unitName?: string; asOf: string }): Sheet {
  const body = rows.map(({ view: p, plannedCny, committedCny }) =>
    rowIn(LEDGER_COLUMNS, {
      projectId: p.projectId,
      name: p.name,
      investor: p.investor,
      creditCode: p.creditCode ?? '',
      unitId: p.unitId,
      unit: names.units.get(p.unitId) ?? '',
      park: p.parkId === null ? '' : (names.parks.get(p.parkId) ?? p.parkId),
      origin: ORIGIN_NAMES[p.origin][lang],
      sector: SECTOR_NAMES[p.sector][lang],
      stage: STAGE_NAMES[p.stage][lang],
      planned: plannedCny,
      committed: committedCny ?? '',
      arrived: p.fundingArrivedCny.amount,
      arrivalRate: p.fundingArrivalRate === null ? '' : p.fundingArrivalRate.toFixed(4),
      tax: p.taxPaidCny.amount,
      referrer: p.referrer ? `${p.referrer.name}（${p.referrer.referrerId}）` : '',
      leadOn: p.dates.leadOn ?? '',
      signedOn: p.dates.signedOn ?? '',
      brokeGroundOn: p.dates.brokeGroundOn ?? '',
      completedOn: p.dates.completedOn ?? '',
      productionStartedOn: p.dates.productionStartedOn ?? '',
      abandonedOn: p.dates.abandonedOn ?? '',
    }),
  );
  const total = (pick: (r: LedgerRow) => string | null) => fromFen(sumFen(rows.map((r) => pick(r)).map((amount) => (amount === null ? 0n : toFen(amount)))));
  const count = lang === 'zh' ? `合计（${rows.length} 个项目）` : `Total (${rows.length} projects)`;
  return {
    name: lang === 'zh' ? '项目台账' : 'Project ledger',
    title: lang === 'zh' ? '招商引资项目台账' : 'Investment projects ledger',
    subtitle: [
      `${lang === 'zh' ? '范围：' : 'Scope: '}${scope.unitName ?? (lang === 'zh' ? '全市' : 'the whole city')}\u3000${lang === 'zh' ? '截至：' : 'as of '}${scope.asOf}`,
      lang === 'zh' ? '金额单位：元（人民币，外币按到账当日汇率折算）' : 'Amounts in CNY (foreign amounts at the rate of their day)',
    ],
    columns: columnsIn(LEDGER_COLUMNS, lang),
    rows: body,
    totals: [
      rowIn(LEDGER_COLUMNS, {
        projectId: count,
        planned: total((r) => r.plannedCny),
        committed: total((r) => r.committedCny),
        arrived: total((r) => r.view.fundingArrivedCny.amount),
        tax: total((r) => r.view.taxPaidCny.amount),
      }),
    ],
    filters: true,
    signatures: signatureBlock(lang),
  };
}
