/** For tests: reads an xlsx file back as a person opening it would see it. */
import ExcelJS from 'exceljs';
import { tableRows, type Sheet } from '../export/sheet.js';

export interface ReadBack {
  workbook: ExcelJS.Workbook;
  worksheet: ExcelJS.Worksheet;
  /** Every row's cells from column A, an empty cell as ''. */
  cells: unknown[][];
  /** The rows from the header row (the first whose first cell is `header`) on; all rows when not given. */
  table: (header?: string) => unknown[][];
}

export async function readXlsx(bytes: Buffer, sheet = 0): Promise<ReadBack> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its input as an ArrayBuffer; a copy of the bytes is one.
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  const worksheet = workbook.worksheets[sheet];
  const cells: unknown[][] = [];
  worksheet.eachRow({ includeEmpty: true }, (row) => cells.push(Array.from((row.values as unknown[]).slice(1), (v) => v ?? '')));
  const table = (header?: string) => {
    if (header === undefined) return cells;
    const at = cells.findIndex((row) => row[0] === header);
    if (at < 0) throw new Error(`no row starts with ${header}`);
    return cells.slice(at);
  };
  return { workbook, worksheet, cells, table };
}

/** A sheet's table (header, data, totals) as Excel shows it: money and ratio cells as numbers, no empty cells at a row's end. */
export function asExcelShows(sheet: Sheet): unknown[][] {
  const kinds = sheet.columns.map((c) => c.kind ?? 'text');
  return tableRows(sheet).map((row, r) => {
    const shown = row.map((cell, i) => (r > 0 && kinds[i] !== 'text' && typeof cell === 'string' && /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell));
    while (shown.at(-1) === '') shown.pop();
    return shown;
  });
}
