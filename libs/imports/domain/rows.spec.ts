import { IMPORT_COLUMNS, IMPORT_EXAMPLES } from './templates.js';
import { ledgerRecords, readRows, taxRecords } from './rows.js';

const header = (kind: 'ledger' | 'tax') => IMPORT_COLUMNS[kind].map((c) => c.zh);
const row = (kind: 'ledger' | 'tax', cells: Record<string, string>) => IMPORT_COLUMNS[kind].map((c) => cells[c.key] ?? '');
const example = (kind: 'ledger' | 'tax') => row(kind, IMPORT_EXAMPLES[kind]);

describe('reading a sheet', () => {
  it('finds the header under title rows, skips empty rows and the example, and numbers rows as the sheet does', () => {
    const grid = [['招商引资项目台账导入模板'], ['说明'], header('ledger'), example('ledger'), [], row('ledger', { ...IMPORT_EXAMPLES.ledger, name: '二期' })];
    const { rows, problems } = readRows('ledger', grid);
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.row, r.cells.name])).toEqual([[6, '二期']]);
  });

  it('takes English headers and columns in any order', () => {
    const columns = [...IMPORT_COLUMNS.tax].reverse();
    const grid = [columns.map((c) => c.en), columns.map((c) => ({ ...IMPORT_EXAMPLES.tax, paymentReference: 'T-2' })[c.key] ?? '')];
    expect(readRows('tax', grid).rows[0].cells).toMatchObject({ paymentReference: 'T-2', taxMonth: '2026-09' });
  });

  it('without the template’s header the whole file is one problem', () => {
    expect(readRows('tax', [['a', 'b']]).problems).toEqual([{ row: 1, column: '', message: expect.stringContaining('找不到表头') }]);
  });
});

describe('ledger rows', () => {
  const read = (cells: Record<string, string>) => ledgerRecords([{ row: 5, cells: { ...IMPORT_EXAMPLES.ledger, ...cells } }]);

  it('a full row is a lead and its stages, in the order of the life', () => {
    const { records, problems } = read({ completedOn: '2026-08-30', productionStartedOn: '2026-09-15' });
    expect(problems).toEqual([]);
    expect(records[0].lead).toMatchObject({
      type: 'RegisterLead',
      investor: '华芳集团有限公司',
      creditCode: '91350100M000100Y43',
      origin: 'domestic',
      sector: 'secondary',
      referrer: { referrerId: 'ref-wang', kind: 'person' },
    });
    expect(records[0].facts.map((f) => f.type)).toEqual(['Sign', 'BreakGround', 'Complete', 'StartProduction']);
  });

  it.each([
    [{ plannedAmount: '1,234.567' }, '计划投资金额', '最多两位小数'],
    [{ currency: 'USD' }, '汇率', '外币必须填写当日汇率'],
    [{ origin: '合资' }, '内资/外资', '应为'],
    [{ signingKind: '' }, '签约类型', '有签约日期时必填'],
    [{ referrerName: '' }, '引荐人姓名', '必填'],
    [{ unitId: '夏津' }, '认定单位代码', '字母'],
    [{ creditCode: '91350100M000100Y44' }, '统一社会信用代码', '校验位'],
  ])('%j is a problem in %s', (cells, column, message) => {
    const { records, problems } = read(cells);
    expect(records).toEqual([]);
    expect(problems).toEqual(expect.arrayContaining([{ row: 5, column, message: expect.stringContaining(message) }]));
  });

  it('amounts may carry thousands separators', () => {
    expect(read({ plannedAmount: '300,000,000.00' }).records[0].lead.plannedInvestment).toEqual({ amount: '300000000.00', currency: 'CNY' });
  });
});

describe('tax rows', () => {
  it('needs a credit code or a project, a month, an amount, a reference and a date', () => {
    const { records, problems } = taxRecords([
      { row: 4, cells: { creditCode: '', projectId: '', taxMonth: '2026-13', amount: '0', paymentReference: '', paidOn: '2026-02-30' } },
    ]);
    expect(records).toEqual([]);
    expect(problems.map((p) => p.column)).toEqual(['统一社会信用代码', '税款所属期', '纳税金额（元）', '缴款凭证号', '缴款日期']);
  });

  it('a good row is a CNY tax payment', () => {
    const { records } = taxRecords([{ row: 4, cells: IMPORT_EXAMPLES.tax }]);
    expect(records[0]).toEqual({
      row: 4,
      creditCode: '91350100M000100Y43',
      projectId: null,
      command: {
        type: 'RecordTax',
        amount: { amount: '1250000.00', currency: 'CNY' },
        taxMonth: '2026-09',
        paymentReference: 'TAX-0915',
        paidOn: '2026-10-10',
      },
    });
  });
});
