import { asExcelShows, readXlsx } from '../../platform/testing/read-xlsx.js';
import { exportFile } from '../../platform/export/files.js';
import { periodStatements } from '../domain/engine.js';
import { FactsBuilder } from '../testing/facts-builder.js';
import { statementSheet } from './statement-sheet.js';

/** r1 was paid for 2026-H1 and owes an adjustment in 2026-H2; r2 has a plain line. */
const h2 = periodStatements(
  new FactsBuilder()
    .policy('A', 300, '2020-01-01')
    .refer('p1', 'r1', '2024-01-01')
    .refer('p2', 'r2', '2024-01-01')
    .tax('p1', '1000.00', '2026-03-01', 't1')
    .pay('r1', '2026-H1', '2026-07-10')
    .void('t1')
    .tax('p1', '2000.00', '2026-08-01')
    .tax('p2', '500.00', '2026-12-31').facts,
  '2026-H2',
);

const names = {
  referrers: new Map([
    ['r1', '王建國'],
    ['r2', '昆山紡織商會'],
  ]),
  projects: new Map([
    ['p1', { name: '棉紡織項目一期', investor: '華芳集團' }],
    ['p2', { name: '保鮮設備項目', investor: '金魚來' }],
  ]),
};

describe('statement export', () => {
  it('writes CSV with English headers, names beside ids, a total per referrer and the sum', async () => {
    const file = await exportFile(statementSheet(h2, 'en', names), 'csv', 'statements-2026-H2');
    expect(file.filename).toBe('statements-2026-H2.csv');
    expect(file.body.toString('utf8')).toBe(
      '\uFEFFperiod,referrerId,referrer,item,projectId,project,investor,forPeriod,taxPaidCny,rateBps,amount (CNY),reason,paid (CNY),paymentReference,paidOn\r\n' +
        '2026-H2,r1,王建國,line,p1,棉紡織項目一期,華芳集團,2026-H2,2000.00,300,60.00,,,,\r\n' +
        // A plain negative amount is a number to a spreadsheet, not a formula: no apostrophe.
        '2026-H2,r1,王建國,adjustment,p1,棉紡織項目一期,華芳集團,2026-H1,,,-30.00,overpaid,,,\r\n' +
        '2026-H2,r1,王建國,total,,,,,,,30.00,,,,\r\n' +
        '2026-H2,r2,昆山紡織商會,line,p2,保鮮設備項目,金魚來,2026-H2,500.00,300,15.00,,,,\r\n' +
        '2026-H2,r2,昆山紡織商會,total,,,,,,,15.00,,,,\r\n' +
        '2026-H2,,,sum,,,,,,,45.00,,,,\r\n',
    );
  });

  it('writes an Excel workbook with a title, the period, Chinese (Simplified) headers and money as numbers that sum to each total', async () => {
    const sheet = statementSheet(h2, 'zh', names);
    const file = await exportFile(sheet, 'xlsx', 'statements-2026-H2');
    const { worksheet, cells, table } = await readXlsx(file.body);
    expect(worksheet.name).toBe('引荐人奖励 2026-H2');
    expect(cells[0][0]).toBe('引荐人终身奖励兑现表');
    expect(cells[1][0]).toBe('兑现期：2026年下半年（7月1日至12月31日）');
    const rows = table('兑现期');
    expect(rows[0]).toEqual([
      '兑现期',
      '引荐人编号',
      '引荐人',
      '类别',
      '项目编号',
      '项目名称',
      '投资方',
      '所属期',
      '纳税额（元）',
      '奖励比例（基点）',
      '金额（元）',
      '调整原因',
      '已兑现金额（元）',
      '付款凭证号',
      '兑现日期',
    ]);
    expect(rows[2]).toEqual(['2026-H2', 'r1', '王建國', '调整', 'p1', '棉紡織項目一期', '華芳集團', '2026-H1', '', '', -30, '扣回']);
    expect(rows.slice(0, asExcelShows(sheet).length)).toEqual(asExcelShows(sheet));
    const r1 = rows.filter((r) => r[1] === 'r1' && r[3] !== '小计').reduce((sum, r) => sum + (r[10] as number), 0);
    expect(r1).toBeCloseTo(30, 2);
    expect(worksheet.getCell(`K${cells.findIndex((r) => r[0] === '兑现期') + 2}`).numFmt).toBe('#,##0.00');
    expect(cells.some((r) => String(r[0]).startsWith('制表人'))).toBe(true);
  });

  it('shows the payment on a paid statement', () => {
    const h1 = periodStatements(
      new FactsBuilder().policy('A', 300, '2020-01-01').refer('p1', 'r1', '2024-01-01').tax('p1', '1000.00', '2026-03-01').pay('r1', '2026-H1', '2026-07-10')
        .facts,
      '2026-H1',
    );
    expect(statementSheet(h1, 'en').rows[1]).toEqual([
      '2026-H1',
      'r1',
      '',
      'total',
      '',
      '',
      '',
      '',
      '',
      '',
      '30.00',
      '',
      '30.00',
      'PAY-r1-2026-H1',
      '2026-07-10',
    ]);
  });
});
