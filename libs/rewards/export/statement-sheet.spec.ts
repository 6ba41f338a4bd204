import { readXlsx } from '../../platform/testing/read-xlsx.js';
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

describe('statement export', () => {
  it('writes CSV with English headers, a total per referrer and the sum', async () => {
    const file = await exportFile(statementSheet(h2, 'en'), 'csv', 'statements-2026-H2');
    expect(file.filename).toBe('statements-2026-H2.csv');
    expect(file.body.toString('utf8')).toBe(
      '\uFEFFperiod,referrerId,item,projectId,forPeriod,taxPaidCny,rateBps,amount (CNY),reason,paid (CNY),paymentReference,paidOn\r\n' +
        '2026-H2,r1,line,p1,2026-H2,2000.00,300,60.00,,,,\r\n' +
        // A plain negative amount is a number to a spreadsheet, not a formula: no apostrophe.
        '2026-H2,r1,adjustment,p1,2026-H1,,,-30.00,overpaid,,,\r\n' +
        '2026-H2,r1,total,,,,,30.00,,,,\r\n' +
        '2026-H2,r2,line,p2,2026-H2,500.00,300,15.00,,,,\r\n' +
        '2026-H2,r2,total,,,,,15.00,,,,\r\n' +
        '2026-H2,,sum,,,,,45.00,,,,\r\n',
    );
  });

  it('writes an Excel workbook that reads back with Chinese headers and the same cells', async () => {
    const sheet = statementSheet(h2, 'zh');
    const file = await exportFile(sheet, 'xlsx', 'statements-2026-H2');
    const { worksheet, cells } = await readXlsx(file.body);
    expect(worksheet.name).toBe('引薦人獎勵 2026-H2');
    expect(cells[0]).toEqual(['兌現期', '引薦人', '類別', '項目', '所屬期', '納稅額（元）', '獎勵比例（基點）', '金額（元）', '調整原因', '已兌現金額（元）', '付款憑證號', '兌現日期']);
    expect(cells[2]).toEqual(['2026-H2', 'r1', '調整', 'p1', '2026-H1', '', '', '-30.00', '扣回', '', '', '']);
    expect(cells.at(-1)).toEqual(['2026-H2', '', '合計', '', '', '', '', '45.00', '', '', '', '']);
    expect(cells).toEqual(sheet.rows);
  });

  it('shows the payment on a paid statement', () => {
    const h1 = periodStatements(new FactsBuilder().policy('A', 300, '2020-01-01').refer('p1', 'r1', '2024-01-01').tax('p1', '1000.00', '2026-03-01').pay('r1', '2026-H1', '2026-07-10').facts, '2026-H1');
    expect(statementSheet(h1, 'en').rows[2]).toEqual(['2026-H1', 'r1', 'total', '', '', '', '', '30.00', '', '30.00', 'PAY-r1-2026-H1', '2026-07-10']);
  });
});
