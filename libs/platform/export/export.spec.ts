import { readXlsx } from '../testing/read-xlsx.js';
import { looksLikeFormula, toCsv } from './csv.js';
import { exportFile } from './files.js';
import { groupThousands, toPdf } from './pdf.js';
import type { Cell, Sheet } from './sheet.js';
import { toXlsx } from './xlsx.js';

const sheet: Sheet = {
  name: 'a/b: c*d?',
  columns: [{ header: 'name' }, { header: 'amount', kind: 'money' }, { header: 'count', kind: 'integer' }],
  rows: [
    ['Qingyun, "east"', '-30.00', 3],
    ['=HYPERLINK("x")', '1234.50', -2],
    ['line\nbreak', '', 0],
  ],
};

/** The same with everything a printed report has. */
const report: Sheet = {
  ...sheet,
  name: '报表',
  title: '引荐人终身奖励兑现表',
  subtitle: ['兑现期：2026年上半年', '金额单位：元'],
  totals: [['合计', '1204.50', 1]],
  filters: true,
  signatures: ['制表人：________'],
};

/** exceljs reads an ArrayBuffer; a copy gives one of exactly the file's bytes. */

describe('CSV formula guard', () => {
  it.each<[Cell, boolean]>([
    ['=1+2', true],
    ['=HYPERLINK("http://x")', true],
    ['+1', true],
    ['+86 10 1234', true],
    ['-', true],
    ['-x', true],
    ['-1+2', true],
    ['-30.00 ', true],
    ['-.5', true],
    ['@SUM(A1)', true],
    ['\tcmd', true],
    ['\r1', true],
    ['-30.00', false],
    ['-30', false],
    ['30.00', false],
    ['0', false],
    ['', false],
    ['夏津縣', false],
    ['a=b', false],
    ['2026-01-12', false],
    [-30, false],
    [0, false],
  ])('%j starts like a formula: %s', (cell, guarded) => {
    expect(looksLikeFormula(cell)).toBe(guarded);
    const csv = toCsv({ name: 's', columns: [{ header: 'h' }], rows: [[cell]] }).split('\r\n')[1];
    expect(csv.replace(/^"/, '').startsWith("'")).toBe(guarded);
  });
});

describe('CSV', () => {
  it('is the table only: header, data, totals (no title or signatures)', () => {
    const lines = toCsv(report).split('\r\n');
    expect(lines[0]).toBe('\uFEFFname,amount,count');
    expect(toCsv(report)).not.toContain('引荐人终身奖励兑现表');
    expect(toCsv(report)).not.toContain('制表人');
    expect(toCsv(report).split('\r\n').at(-2)).toBe('合计,1204.50,1');
  });

  it('starts with a BOM, quotes what needs quoting, ends lines with CRLF and leaves plain numbers alone', () => {
    expect(toCsv(sheet)).toBe(
      '\uFEFFname,amount,count\r\n' + '"Qingyun, ""east""",-30.00,3\r\n' + '"\'=HYPERLINK(""x"")",1234.50,-2\r\n' + '"line\nbreak",,0\r\n',
    );
  });
});

describe('Excel', () => {
  it('reads back cell for cell, money as numbers, with a bold header and a sheet name Excel accepts', async () => {
    const { worksheet, cells } = await readXlsx(await toXlsx(sheet));
    expect(worksheet.name).toBe('a-b- c-d-');
    expect(cells).toEqual([
      ['name', 'amount', 'count'],
      ['Qingyun, "east"', -30, 3],
      ['=HYPERLINK("x")', 1234.5, -2],
      ['line\nbreak', '', 0],
    ]);
    expect(worksheet.getRow(1).font?.bold).toBe(true);
    expect(worksheet.getCell('B2').numFmt).toBe('#,##0.00');
    expect(worksheet.getCell('C2').numFmt).toBe('0');
    expect(worksheet.getCell('A3').type).toBe(3); // a string, never a formula
  });

  it('has a title, the period, a frozen header with a filter, bold totals, a signature block and an A4 print layout', async () => {
    const { worksheet, cells, table } = await readXlsx(await toXlsx(report));
    expect(cells[0][0]).toBe('引荐人终身奖励兑现表');
    expect(cells[1][0]).toBe('兑现期：2026年上半年');
    expect(table('name')[0]).toEqual(['name', 'amount', 'count']);
    expect(worksheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect(worksheet.autoFilter).toBe('A4:C8');
    expect(table('合计')[0]).toEqual(['合计', 1204.5, 1]);
    expect(worksheet.getRow(8).font?.bold).toBe(true);
    expect(cells.at(-1)).toEqual(['制表人：________']);
    expect(worksheet.pageSetup).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1, printTitlesRow: '4:4' });
    // A SUM over the money column gives the total, as it would in Excel.
    const sum = table('name')
      .slice(1, 4)
      .reduce((s, row) => s + (typeof row[1] === 'number' ? row[1] : 0), 0);
    expect(sum).toBeCloseTo(1204.5, 2);
  });

  it('cuts a sheet name to the 31 characters Excel allows, and writes several sheets', async () => {
    const bytes = await toXlsx([
      { name: 'x'.repeat(40), columns: [{ header: 'h' }], rows: [] },
      { name: '说明', columns: [{ header: '说明' }], rows: [['第一行']] },
    ]);
    expect((await readXlsx(bytes)).worksheet.name).toBe('x'.repeat(31));
    expect((await readXlsx(bytes, 1)).cells).toEqual([['说明'], ['第一行']]);
  });
});

describe('PDF', () => {
  it('groups thousands on the decimal string itself', () => {
    expect(groupThousands('1234567.50')).toBe('1,234,567.50');
    expect(groupThousands('-1000.00')).toBe('-1,000.00');
    expect(groupThousands('999.99')).toBe('999.99');
    expect(groupThousands('1000000000000.00')).toBe('1,000,000,000,000.00');
  });

  it('prints the title, table and signature block in a CJK font', async () => {
    const pdf = await toPdf(report, { compress: false });
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toMatch(/\/FontFile2|\/FontFile3/); // the Chinese font is embedded (as a subset)
    // The ToUnicode map names the characters drawn: 兑 (U+5151) of the title, 制 (U+5236) of the signature.
    const maps = [...text.matchAll(/stream\r?\n([\s\S]*?)endstream/g)].map((m) => m[1]).filter((b) => b.includes('beginbfchar') || b.includes('beginbfrange'));
    const unicode = maps.join('').toLowerCase();
    expect(unicode).toContain('5151');
    expect(unicode).toContain('5236');
  });
});

describe('exportFile', () => {
  it.each([
    ['csv', 'report.csv', 'text/csv; charset=utf-8'],
    ['xlsx', 'report.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['pdf', 'report.pdf', 'application/pdf'],
  ] as const)('names and types a %s file', async (format, filename, contentType) => {
    const file = await exportFile(sheet, format, 'report');
    expect(file).toMatchObject({ filename, contentType });
    if (format === 'csv') expect(file.body.toString('utf8')).toBe(toCsv(sheet));
    else if (format === 'xlsx') expect(file.body.subarray(0, 2).toString('latin1')).toBe('PK');
    else expect(file.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
