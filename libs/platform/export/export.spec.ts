import { readXlsx } from '../testing/read-xlsx.js';
import { looksLikeFormula, toCsv } from './csv.js';
import { exportFile } from './files.js';
import type { Cell, Sheet } from './sheet.js';
import { toXlsx } from './xlsx.js';

const sheet: Sheet = {
  name: 'a/b: c*d?',
  rows: [
    ['name', 'amount', 'count'],
    ['Qingyun, "east"', '-30.00', 3],
    ['=HYPERLINK("x")', '1234.50', -2],
    ['line\nbreak', '', 0],
  ],
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
    const csv = toCsv({ name: 's', rows: [[cell]] });
    expect(csv.slice(1).replace(/^"/, '').startsWith("'")).toBe(guarded);
  });
});

describe('CSV', () => {
  it('starts with a BOM, quotes what needs quoting, ends lines with CRLF and leaves plain numbers alone', () => {
    expect(toCsv(sheet)).toBe(
      '\uFEFFname,amount,count\r\n' +
        '"Qingyun, ""east""",-30.00,3\r\n' +
        '"\'=HYPERLINK(""x"")",1234.50,-2\r\n' +
        '"line\nbreak",,0\r\n',
    );
  });
});

describe('Excel', () => {
  it('reads back cell for cell, with a bold header and a sheet name Excel accepts', async () => {
    const { worksheet, cells } = await readXlsx(await toXlsx(sheet));
    expect(worksheet.name).toBe('a-b- c-d-');
    expect(cells).toEqual(sheet.rows);
    expect(worksheet.getRow(1).font?.bold).toBe(true);
  });

  it('cuts a sheet name to the 31 characters Excel allows', async () => {
    const { worksheet } = await readXlsx(await toXlsx({ name: 'x'.repeat(40), rows: [['h']] }));
    expect(worksheet.name).toBe('x'.repeat(31));
  });
});

describe('exportFile', () => {
  it.each([
    ['csv', 'report.csv', 'text/csv; charset=utf-8'],
    ['xlsx', 'report.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ] as const)('names and types a %s file', async (format, filename, contentType) => {
    const file = await exportFile(sheet, format, 'report');
    expect(file).toMatchObject({ filename, contentType });
    if (format === 'csv') expect(file.body.toString('utf8')).toBe(toCsv(sheet));
    else expect(file.body.subarray(0, 2).toString('latin1')).toBe('PK');
  });
});
