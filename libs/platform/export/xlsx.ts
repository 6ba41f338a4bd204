/** One sheet as an .xlsx workbook: bold frozen header, columns sized to their content. */
import ExcelJS from 'exceljs';
import type { Sheet } from './sheet.js';

/** Excel refuses these in sheet names, and names longer than 31 characters. */
const SHEET_NAME_FORBIDDEN = /[\\/?*[\]:]/g;

export async function toXlsx(sheet: Sheet): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const worksheet = workbook.addWorksheet(sheet.name.replace(SHEET_NAME_FORBIDDEN, '-').slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  worksheet.addRows(sheet.rows);
  worksheet.getRow(1).font = { bold: true };
  worksheet.columns.forEach((column, i) => {
    column.width = Math.max(8, ...sheet.rows.map((row) => displayWidth(String(row[i] ?? '')) + 2));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Chinese characters take two columns. */
function displayWidth(text: string): number {
  return [...text].reduce((width, ch) => width + (ch.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0);
}
