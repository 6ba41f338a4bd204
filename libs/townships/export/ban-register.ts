/**
 * The promotion-ban register as a table, CSV or Excel, with Chinese or English headers. Row building
 * is pure; dates stay text cells (no time zone can shift a calendar day) and `until` is the first day
 * the official may be promoted again.
 */
import ExcelJS from 'exceljs';
import type { Ban } from '../domain/rules.js';

export const EXPORT_LANGUAGES = ['zh', 'en'] as const;
export type ExportLanguage = (typeof EXPORT_LANGUAGES)[number];

const WORDING: Record<ExportLanguage, { sheet: string; headers: string[]; yearSeparator: string }> = {
  zh: {
    sheet: '禁止提拔名單',
    headers: ['官員編號', '姓名', '鄉鎮', '未完成目標年度', '禁止提拔起始日', '禁止提拔截止日(不含)'],
    yearSeparator: '、',
  },
  en: {
    sheet: 'Promotion bans',
    headers: ['Official ID', 'Name', 'Township', 'Failed years', 'Banned from', 'Banned until (excluded)'],
    yearSeparator: ', ',
  },
};

/** Header row first, then one row per ban. */
export function banRows(bans: readonly Ban[], language: ExportLanguage): string[][] {
  const { headers, yearSeparator } = WORDING[language];
  return [headers, ...bans.map((b) => [b.officialId, b.name, b.unitId, b.failedYears.join(yearSeparator), b.from, b.until])];
}

/** RFC 4180 with CRLF, and a UTF-8 byte-order mark so that Excel opens Chinese text correctly. */
export function toCsv(rows: readonly string[][]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function csvCell(value: string): string {
  // A cell starting like a formula is prefixed so a spreadsheet shows it instead of running it.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export async function toXlsx(rows: readonly string[][], language: ExportLanguage): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(WORDING[language].sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRows(rows.map((row) => [...row]));
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column, i) => {
    column.width = Math.max(...rows.map((row) => row[i].length)) + 4;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
