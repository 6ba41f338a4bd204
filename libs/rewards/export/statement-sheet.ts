/**
 * A half year's statements as one sheet for finance: per referrer its lines, its adjustments and a
 * subtotal row (with the payment when paid), then the sum over all referrers; names beside the ids.
 * Headers in Chinese (Simplified) or English. Pure; CSV, Excel and PDF encoding is the shared sheet
 * writer's job. Money stays an exact decimal string here (Excel shows it as a number).
 */
import { fromFen } from '../../kernel/index.js';
import { columnsIn, signatureBlock, type Cell, type ColumnSpec, type HeaderLanguage, type Labels, type Sheet } from '../../platform/export/sheet.js';
import type { PeriodStatements } from '../domain/engine.js';
import type { AdjustmentReason, Statement } from '../domain/statement.js';
import type { StatementNames } from '../read-model/rewards.queries.js';

const COLUMNS: Record<string, ColumnSpec> = {
  period: { zh: '兑现期', en: 'period' },
  referrerId: { zh: '引荐人编号', en: 'referrerId' },
  referrer: { zh: '引荐人', en: 'referrer' },
  item: { zh: '类别', en: 'item' },
  projectId: { zh: '项目编号', en: 'projectId' },
  project: { zh: '项目名称', en: 'project' },
  investor: { zh: '投资方', en: 'investor' },
  forPeriod: { zh: '所属期', en: 'forPeriod' },
  taxPaidCny: { zh: '纳税额（元）', en: 'taxPaidCny', kind: 'money' },
  rateBps: { zh: '奖励比例（基点）', en: 'rateBps', kind: 'integer' },
  amount: { zh: '金额（元）', en: 'amount (CNY)', kind: 'money' },
  reason: { zh: '调整原因', en: 'reason' },
  paidAmount: { zh: '已兑现金额（元）', en: 'paid (CNY)', kind: 'money' },
  paymentReference: { zh: '付款凭证号', en: 'paymentReference' },
  paidOn: { zh: '兑现日期', en: 'paidOn' },
};

const ITEMS: Labels<'line' | 'adjustment' | 'total' | 'sum'> = {
  line: { zh: '奖励', en: 'line' },
  adjustment: { zh: '调整', en: 'adjustment' },
  total: { zh: '小计', en: 'total' },
  sum: { zh: '合计', en: 'sum' },
};

const REASONS: Labels<AdjustmentReason> = {
  underpaid: { zh: '补发', en: 'underpaid' },
  overpaid: { zh: '扣回', en: 'overpaid' },
  carried_forward: { zh: '结转', en: 'carried_forward' },
};

const NO_NAMES: StatementNames = { referrers: new Map(), projects: new Map() };

function referrerRows(s: Statement, lang: HeaderLanguage, names: StatementNames): Cell[][] {
  const who = [s.period, s.referrerId, names.referrers.get(s.referrerId) ?? ''];
  const project = (projectId: string | null) => {
    const p = projectId === null ? undefined : names.projects.get(projectId);
    return [projectId ?? '', p?.name ?? '', p?.investor ?? ''];
  };
  const lines = s.lines.map((l): Cell[] => [
    ...who,
    ITEMS.line[lang],
    ...project(l.projectId),
    s.period,
    fromFen(l.taxPaidFen),
    l.rateBps,
    fromFen(l.rewardFen),
    '',
    '',
    '',
    '',
  ]);
  const adjustments = s.adjustments.map((a): Cell[] => [
    ...who,
    ITEMS.adjustment[lang],
    ...project(a.projectId),
    a.forPeriod,
    '',
    '',
    fromFen(a.amountFen),
    REASONS[a.reason][lang],
    '',
    '',
    '',
  ]);
  const paid = s.paid ? [fromFen(s.paid.amountFen), s.paid.paymentReference, s.paid.paidOn] : ['', '', ''];
  return [...lines, ...adjustments, [...who, ITEMS.total[lang], '', '', '', '', '', '', fromFen(s.totalFen), '', ...paid]];
}

/** `YYYY-H1` → 2026年上半年 (1月1日至6月30日). */
function halfYearText(period: string, lang: HeaderLanguage): string {
  const [year, half] = period.split('-');
  if (lang === 'en') return `${period} (${half === 'H1' ? '1 January to 30 June' : '1 July to 31 December'} ${year})`;
  return `${year}年${half === 'H1' ? '上半年（1月1日至6月30日）' : '下半年（7月1日至12月31日）'}`;
}

export function statementSheet(period: PeriodStatements, lang: HeaderLanguage, names: StatementNames = NO_NAMES): Sheet {
  const single = period.statements.length === 1 ? period.statements[0] : null;
  const whom = single ? `${lang === 'zh' ? '引荐人' : 'Referrer'}: ${names.referrers.get(single.referrerId) ?? ''} (${single.referrerId})` : null;
  return {
    name: lang === 'zh' ? `引荐人奖励 ${period.period}` : `Referrer rewards ${period.period}`,
    title: lang === 'zh' ? '引荐人终身奖励兑现表' : 'Lifelong referrer rewards: statements',
    subtitle: [
      `${lang === 'zh' ? '兑现期：' : 'Period: '}${halfYearText(period.period, lang)}`,
      ...(whom ? [whom] : []),
      lang === 'zh' ? '金额单位：元（人民币）' : 'Amounts in CNY',
    ],
    columns: columnsIn(COLUMNS, lang),
    rows: period.statements.flatMap((s) => referrerRows(s, lang, names)),
    totals: [[period.period, '', '', ITEMS.sum[lang], '', '', '', '', '', '', fromFen(period.totalFen), '', '', '', '']],
    filters: true,
    signatures: signatureBlock(lang),
  };
}
