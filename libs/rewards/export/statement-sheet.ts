/**
 * A half year's statements as one sheet for finance: per referrer its lines, its adjustments and a
 * total row (with the payment when paid), then the sum over all referrers. Headers in Chinese or
 * English. Pure; CSV and Excel encoding is the shared sheet writer's job. Money stays a decimal
 * string (exact); basis points are numbers.
 */
import { fromFen } from '../../kernel/index.js';
import type { Cell, HeaderLanguage, Sheet } from '../../platform/export/sheet.js';
import type { PeriodStatements } from '../domain/engine.js';
import type { AdjustmentReason, Statement } from '../domain/statement.js';

type Labels<K extends string> = Record<K, Record<HeaderLanguage, string>>;

const COLUMNS: Labels<
  'period' | 'referrerId' | 'item' | 'projectId' | 'forPeriod' | 'taxPaidCny' | 'rateBps' | 'amount' | 'reason' | 'paidAmount' | 'paymentReference' | 'paidOn'
> = {
  period: { zh: '兌現期', en: 'period' },
  referrerId: { zh: '引薦人', en: 'referrerId' },
  item: { zh: '類別', en: 'item' },
  projectId: { zh: '項目', en: 'projectId' },
  forPeriod: { zh: '所屬期', en: 'forPeriod' },
  taxPaidCny: { zh: '納稅額（元）', en: 'taxPaidCny' },
  rateBps: { zh: '獎勵比例（基點）', en: 'rateBps' },
  amount: { zh: '金額（元）', en: 'amount (CNY)' },
  reason: { zh: '調整原因', en: 'reason' },
  paidAmount: { zh: '已兌現金額（元）', en: 'paid (CNY)' },
  paymentReference: { zh: '付款憑證號', en: 'paymentReference' },
  paidOn: { zh: '兌現日期', en: 'paidOn' },
};

const ITEMS: Labels<'line' | 'adjustment' | 'total' | 'sum'> = {
  line: { zh: '獎勵', en: 'line' },
  adjustment: { zh: '調整', en: 'adjustment' },
  total: { zh: '小計', en: 'total' },
  sum: { zh: '合計', en: 'sum' },
};

const REASONS: Labels<AdjustmentReason> = {
  underpaid: { zh: '補發', en: 'underpaid' },
  overpaid: { zh: '扣回', en: 'overpaid' },
  carried_forward: { zh: '結轉', en: 'carried_forward' },
};

function referrerRows(s: Statement, lang: HeaderLanguage): Cell[][] {
  const lines = s.lines.map((l): Cell[] => [s.period, s.referrerId, ITEMS.line[lang], l.projectId, s.period, fromFen(l.taxPaidFen), l.rateBps, fromFen(l.rewardFen), '', '', '', '']);
  const adjustments = s.adjustments.map((a): Cell[] => [
    s.period,
    s.referrerId,
    ITEMS.adjustment[lang],
    a.projectId ?? '',
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
  return [...lines, ...adjustments, [s.period, s.referrerId, ITEMS.total[lang], '', '', '', '', fromFen(s.totalFen), '', ...paid]];
}

export function statementSheet(period: PeriodStatements, lang: HeaderLanguage): Sheet {
  const header = Object.values(COLUMNS).map((labels) => labels[lang]);
  const sum: Cell[] = [period.period, '', ITEMS.sum[lang], '', '', '', '', fromFen(period.totalFen), '', '', '', ''];
  return {
    name: lang === 'zh' ? `引薦人獎勵 ${period.period}` : `Referrer rewards ${period.period}`,
    rows: [header, ...period.statements.flatMap((s) => referrerRows(s, lang)), sum],
  };
}
