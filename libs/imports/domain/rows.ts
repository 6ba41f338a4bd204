/**
 * From a sheet's cells to the commands a file stands for, and every problem of every row (row,
 * column, message in Chinese). Pure: the shell reads the workbook, looks units, parks and projects up
 * and hands in what it found; nothing here touches the store.
 */
import { CURRENCIES, LEDGER_ID, isAmount, isLocalDate, isMonth, isRate, toFen } from '../../kernel/index.js';
import type { LeadRequest, MoneyInput, ProjectCommand } from '../../projects/domain/commands.js';
import { creditCodeProblem } from '../../projects/domain/enterprise.js';
import type { Origin, Referrer, Sector, SigningKind } from '../../projects/domain/events.js';
import { IMPORT_COLUMNS, IMPORT_EXAMPLES, type ImportColumn, type ImportKind } from './templates.js';

export interface RowProblem {
  /** The spreadsheet's row number (1 = the first row of the sheet). */
  row: number;
  /** The column's header as the template names it, or '' for the row as a whole. */
  column: string;
  message: string;
}

/** One data row as text by column key, with its spreadsheet row number. */
export interface SheetRow {
  row: number;
  cells: Record<string, string>;
}

export type ProjectFact = Exclude<ProjectCommand, { type: 'RegisterLead' }>;
/** A lead as a client sends it (the shell adds the new project's id and the registering role). */
export type LeadCommand = LeadRequest;

export interface LedgerRecord {
  row: number;
  lead: LeadCommand;
  /** The stages after the lead, in the order the life allows. */
  facts: ProjectFact[];
}

export interface TaxRecord {
  row: number;
  creditCode: string | null;
  projectId: string | null;
  command: Extract<ProjectCommand, { type: 'RecordTax' }>;
}

const ORIGINS: Record<string, Origin> = { 内资: 'domestic', 內資: 'domestic', domestic: 'domestic', 外资: 'foreign', 外資: 'foreign', foreign: 'foreign' };
const SECTORS: Record<string, Sector> = {
  第一产业: 'primary',
  第一產業: 'primary',
  primary: 'primary',
  第二产业: 'secondary',
  第二產業: 'secondary',
  secondary: 'secondary',
  第三产业: 'tertiary',
  第三產業: 'tertiary',
  tertiary: 'tertiary',
  房地产: 'real_estate',
  房地產: 'real_estate',
  real_estate: 'real_estate',
};
const SIGNINGS: Record<string, SigningKind> = { 意向: 'intent', intent: 'intent', 正式合同: 'contract', 合同: 'contract', contract: 'contract' };
const REFERRER_KINDS: Record<string, Referrer['kind']> = {
  个人: 'person',
  個人: 'person',
  person: 'person',
  组织: 'organization',
  組織: 'organization',
  单位: 'organization',
  organization: 'organization',
};

/**
 * Finds the header row (the first whose cells are the template's headers, in Chinese or English, in any
 * order) and reads every non-empty row under it. Title rows above the header are ignored, and so is
 * the template's example row.
 */
export function readRows(kind: ImportKind, grid: readonly string[][]): { rows: SheetRow[]; problems: RowProblem[] } {
  const columns = IMPORT_COLUMNS[kind];
  const headerAt = grid.findIndex((cells) => columns.filter((c) => c.required).every((c) => cells.includes(c.zh) || cells.includes(c.en)));
  if (headerAt < 0) {
    return {
      rows: [],
      problems: [
        {
          row: 1,
          column: '',
          message: `找不到表头：请使用导入模板，表头需包含 ${columns
            .filter((c) => c.required)
            .map((c) => c.zh)
            .join('、')}`,
        },
      ],
    };
  }
  const header = grid[headerAt];
  const at = new Map(columns.map((c) => [c.key, header.findIndex((h) => h === c.zh || h === c.en)]));
  const example = IMPORT_EXAMPLES[kind];
  const rows: SheetRow[] = [];
  for (let i = headerAt + 1; i < grid.length; i++) {
    const cells = Object.fromEntries(columns.map((c) => [c.key, (at.get(c.key)! >= 0 ? (grid[i][at.get(c.key)!] ?? '') : '').trim()]));
    if (Object.values(cells).every((v) => v === '')) continue;
    if (columns.every((c) => cells[c.key] === (example[c.key] ?? ''))) continue;
    rows.push({ row: i + 1, cells });
  }
  return { rows, problems: [] };
}

/** Collects one row's problems while its fields are read. */
class RowReader {
  readonly problems: RowProblem[] = [];

  constructor(
    private readonly source: SheetRow,
    private readonly columns: readonly ImportColumn[],
  ) {}

  private column(key: string): ImportColumn {
    return this.columns.find((c) => c.key === key)!;
  }

  problem(key: string, message: string): void {
    this.problems.push({ row: this.source.row, column: key === '' ? '' : this.column(key).zh, message });
  }

  text(key: string, max = 200): string | undefined {
    const value = this.source.cells[key] ?? '';
    if (value === '') {
      if (this.column(key).required) this.problem(key, '必填');
      return undefined;
    }
    if (value.length > max) this.problem(key, `不能超过 ${max} 个字符`);
    return value;
  }

  id(key: string): string | undefined {
    const value = this.text(key, 64);
    if (value !== undefined && !LEDGER_ID.test(value)) this.problem(key, '只能由字母、数字、点、横线和下划线组成（最多 64 位）');
    return value;
  }

  date(key: string): string | undefined {
    const value = this.text(key);
    if (value !== undefined && !isLocalDate(value)) this.problem(key, `“${value}”不是有效日期，应为 YYYY-MM-DD`);
    return value;
  }

  month(key: string): string | undefined {
    const value = this.text(key);
    if (value !== undefined && !isMonth(value)) this.problem(key, `“${value}”不是有效月份，应为 YYYY-MM`);
    return value;
  }

  amount(key: string): string | undefined {
    const value = this.text(key)?.replace(/,/g, '');
    if (value === undefined) return undefined;
    if (!isAmount(value) || toFen(value) <= 0n) this.problem(key, `“${value}”应为大于零的金额，最多两位小数`);
    return value;
  }

  choice<T>(key: string, options: Record<string, T>, fallback?: T): T | undefined {
    const value = this.text(key);
    if (value === undefined) return fallback;
    const found = options[value] ?? options[value.toLowerCase()];
    if (found === undefined) this.problem(key, `应为 ${[...new Set(Object.keys(options).filter((k) => /[^\p{ASCII}]/u.test(k)))].slice(0, 4).join('、')} 之一`);
    return found;
  }
}

function money(r: RowReader, amountKey: string, currency: string | undefined, rate: string | undefined): MoneyInput | undefined {
  const amount = r.amount(amountKey);
  if (amount === undefined) return undefined;
  const code = currency ?? 'CNY';
  return code === 'CNY' ? { amount, currency: 'CNY' } : { amount, currency: code, ...(rate ? { cnyRate: rate } : {}) };
}

/** The ledger rows as leads and their stages; each row's problems, none of which is decided here (the deciders decide). */
export function ledgerRecords(rows: readonly SheetRow[]): { records: LedgerRecord[]; problems: RowProblem[] } {
  const records: LedgerRecord[] = [];
  const problems: RowProblem[] = [];
  for (const source of rows) {
    const r = new RowReader(source, IMPORT_COLUMNS.ledger);
    const name = r.text('name');
    const investor = r.text('investor');
    const creditCode = r.text('creditCode', 18);
    if (creditCode !== undefined && creditCodeProblem(creditCode)) r.problem('creditCode', creditCodeProblem(creditCode)!);
    const origin = r.choice('origin', ORIGINS);
    const sector = r.choice('sector', SECTORS);
    const currency = r.text('currency', 3)?.toUpperCase();
    if (currency !== undefined && !(CURRENCIES as readonly string[]).includes(currency)) r.problem('currency', `不支持的币种 ${currency}`);
    const rate = r.text('cnyRate', 20);
    if (rate !== undefined && (!isRate(rate) || currency === undefined || currency === 'CNY')) r.problem('cnyRate', '外币才填汇率，应为正数，最多 8 位小数');
    if (currency !== undefined && currency !== 'CNY' && rate === undefined) r.problem('cnyRate', '外币必须填写当日汇率');
    const planned = money(r, 'plannedAmount', currency, rate);
    const unitId = r.id('unitId');
    const parkId = r.id('parkId');
    const referrerId = r.id('referrerId');
    const referrerName = r.text('referrerName');
    const referrerKind = r.choice('referrerKind', REFERRER_KINDS, 'person');
    if (referrerId !== undefined && referrerName === undefined) r.problem('referrerName', '有引荐人编号时必填');
    if (referrerId === undefined && referrerName !== undefined) r.problem('referrerId', '有引荐人姓名时必填');
    const leadOn = r.date('leadOn');
    const signedOn = r.date('signedOn');
    const signingKind = r.choice('signingKind', SIGNINGS);
    const committed = r.text('committedAmount') === undefined ? undefined : money(r, 'committedAmount', currency, rate);
    if (signedOn !== undefined && signingKind === undefined && r.text('signingKind') === undefined) r.problem('signingKind', '有签约日期时必填');
    if (signedOn !== undefined && committed === undefined && r.text('committedAmount') === undefined) r.problem('committedAmount', '有签约日期时必填');
    if (signedOn === undefined && (r.text('signingKind') !== undefined || r.text('committedAmount') !== undefined))
      r.problem('signedOn', '填写了签约类型或金额，缺签约日期');
    const brokeGroundOn = r.date('brokeGroundOn');
    const completedOn = r.date('completedOn');
    const productionStartedOn = r.date('productionStartedOn');
    problems.push(...r.problems);
    if (r.problems.length > 0) continue;
    const lead: LeadCommand = {
      type: 'RegisterLead',
      name: name!,
      investor: investor!,
      ...(creditCode ? { creditCode } : {}),
      origin: origin!,
      sector: sector!,
      plannedInvestment: planned!,
      unitId: unitId!,
      ...(parkId ? { parkId } : {}),
      ...(referrerId ? { referrer: { referrerId, name: referrerName!, kind: referrerKind! } } : {}),
      leadOn: leadOn!,
    };
    const facts: ProjectFact[] = [];
    if (signedOn) facts.push({ type: 'Sign', kind: signingKind!, committedInvestment: committed!, signedOn });
    if (brokeGroundOn) facts.push({ type: 'BreakGround', brokeGroundOn });
    if (completedOn) facts.push({ type: 'Complete', completedOn });
    if (productionStartedOn) facts.push({ type: 'StartProduction', startedOn: productionStartedOn });
    records.push({ row: source.row, lead, facts });
  }
  return { records, problems };
}

/** The tax rows as tax payments, with the credit code or project they name. */
export function taxRecords(rows: readonly SheetRow[]): { records: TaxRecord[]; problems: RowProblem[] } {
  const records: TaxRecord[] = [];
  const problems: RowProblem[] = [];
  for (const source of rows) {
    const r = new RowReader(source, IMPORT_COLUMNS.tax);
    const creditCode = r.text('creditCode', 18);
    if (creditCode !== undefined && creditCodeProblem(creditCode)) r.problem('creditCode', creditCodeProblem(creditCode)!);
    const projectId = r.text('projectId', 64);
    if (creditCode === undefined && projectId === undefined) r.problem('creditCode', '统一社会信用代码与项目编号至少填一项');
    const taxMonth = r.month('taxMonth');
    const amount = r.amount('amount');
    const paymentReference = r.text('paymentReference', 100);
    const paidOn = r.date('paidOn');
    problems.push(...r.problems);
    if (r.problems.length > 0) continue;
    records.push({
      row: source.row,
      creditCode: creditCode ?? null,
      projectId: projectId ?? null,
      command: { type: 'RecordTax', amount: { amount: amount!, currency: 'CNY' }, taxMonth: taxMonth!, paymentReference: paymentReference!, paidOn: paidOn! },
    });
  }
  return { records, problems };
}

/** The Chinese label of a ledger command, for a row's summary. */
export const STEP_NAMES: Record<ProjectCommand['type'], string> = {
  RegisterLead: '登记线索',
  Sign: '签约',
  RecordFunding: '资金到位',
  BreakGround: '开工',
  Complete: '竣工',
  StartProduction: '投产',
  RecordTax: '纳税',
  VerifyFixedAssets: '固定资产核实',
  ReassignCredit: '调整认定单位',
  AssignReferrer: '指定引荐人',
  VoidFact: '更正',
  Abandon: '终止',
};

/** The column a step's date is in, for a refusal of that step. */
export const STEP_COLUMNS: Partial<Record<ProjectCommand['type'], string>> = {
  RegisterLead: 'leadOn',
  Sign: 'signedOn',
  BreakGround: 'brokeGroundOn',
  Complete: 'completedOn',
  StartProduction: 'productionStartedOn',
  RecordTax: 'paidOn',
};

export function columnHeader(kind: ImportKind, key: string | undefined): string {
  return key === undefined ? '' : (IMPORT_COLUMNS[kind].find((c) => c.key === key)?.zh ?? '');
}
