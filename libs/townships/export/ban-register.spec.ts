import { readXlsx } from '../../platform/testing/read-xlsx.js';
import { tableRows } from '../../platform/export/sheet.js';
import type { Ban } from '../domain/rules.js';
import { toCsv } from '../../platform/export/csv.js';
import { toXlsx } from '../../platform/export/xlsx.js';
import { banSheet } from './ban-register.js';

const BANS: Ban[] = [
  { officialId: 'li', name: '李明', unitId: 'qingyun', failedYears: [2024, 2025], from: '2026-01-12', until: '2029-01-12' },
  { officialId: 'w,1', name: '=HYPERLINK("x")', unitId: 'baiyun', failedYears: [2022, 2023], from: '2024-02-29', until: '2027-03-01' },
];

/** exceljs reads an ArrayBuffer; a copy gives one of exactly the file's bytes. */

describe('ban register export', () => {
  it.each([
    ['zh', ['官员编号', '姓名', '乡镇', '未完成目标年度', '禁止提拔起始日', '禁止提拔截止日(不含)'], ['2024、2025', '2022、2023']],
    ['en', ['Official ID', 'Name', 'Township', 'Failed years', 'Banned from', 'Banned until (excluded)'], ['2024, 2025', '2022, 2023']],
  ] as const)('builds rows with %s headers', (language, headers, [first, second]) => {
    expect(tableRows(banSheet(BANS, language))).toEqual([
      headers,
      ['li', '李明', 'qingyun', first, '2026-01-12', '2029-01-12'],
      ['w,1', '=HYPERLINK("x")', 'baiyun', second, '2024-02-29', '2027-03-01'],
    ]);
  });

  it('writes CSV with a byte-order mark, quoting, CRLF and formula-looking cells defused', () => {
    expect(toCsv(banSheet(BANS, 'en'))).toBe(
      '\uFEFFOfficial ID,Name,Township,Failed years,Banned from,Banned until (excluded)\r\n' +
        'li,李明,qingyun,"2024, 2025",2026-01-12,2029-01-12\r\n' +
        '"w,1","\'=HYPERLINK(""x"")",baiyun,"2022, 2023",2024-02-29,2027-03-01\r\n',
    );
  });

  it('writes an Excel workbook that reads back cell for cell as text', async () => {
    const sheet = banSheet(BANS, 'zh');
    const { worksheet, table } = await readXlsx(await toXlsx(sheet));
    expect(worksheet.name).toBe('禁止提拔名单');
    expect(table('官员编号').slice(0, 3)).toEqual(tableRows(sheet));
  });

  it('exports an empty register as its header alone', async () => {
    expect(toCsv(banSheet([], 'zh'))).toBe('\uFEFF官员编号,姓名,乡镇,未完成目标年度,禁止提拔起始日,禁止提拔截止日(不含)\r\n');
    const { worksheet } = await readXlsx(await toXlsx(banSheet([], 'en')));
    expect(worksheet.name).toBe('Promotion bans');
    expect(worksheet.rowCount).toBe(5); // title, header, a blank line and the two signature lines
  });
});
