/**
 * Sheets as an .xlsx workbook finance can sum and print: a title and period above the table, a bold
 * frozen header (with an auto-filter when asked), money as numbers with a `#,##0.00` format, ratios as
 * percentages, bold totals, a signature block, A4 landscape fitted to one page wide with the header
 * repeated on every printed page.
 */
import ExcelJS from 'exceljs';
import type { Cell, ColumnKind, Sheet } from './sheet.js';

/** Excel refuses these in sheet names, and names longer than 31 characters. */
const SHEET_NAME_FORBIDDEN = /[\\/?*[\]:]/g;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Text columns are formatted as text, so what a clerk types into a template (a date, a month, a code) stays as typed. */
const FORMATS: Record<ColumnKind, string> = { text: '@', money: '#,##0.00', integer: '0', ratio: '0.00%' };

/** A money or ratio cell becomes a number (Excel's own double, as it would store a typed amount); text stays text. */
function excelValue(cell: Cell, kind: ColumnKind): ExcelJS.CellValue {
  if (kind !== 'text' && typeof cell === 'string' && DECIMAL.test(cell)) return Number(cell);
  return cell === '' ? null : cell;
}

function addSheet(workbook: ExcelJS.Workbook, sheet: Sheet): void {
  const width = sheet.columns.length;
  const worksheet = workbook.addWorksheet(sheet.name.replace(SHEET_NAME_FORBIDDEN, '-').slice(0, 31), {
    pageSetup: { paperSize: 9, orientation: width > 6 ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true },
  });
  if (sheet.title) {
    const row = worksheet.addRow([sheet.title]);
    row.font = { bold: true, size: 16 };
    row.alignment = { horizontal: 'center' };
    worksheet.mergeCells(row.number, 1, row.number, Math.max(1, width));
  }
  for (const line of sheet.subtitle ?? []) {
    const row = worksheet.addRow([line]);
    worksheet.mergeCells(row.number, 1, row.number, Math.max(1, width));
  }
  const header = worksheet.addRow(sheet.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  const kinds = sheet.columns.map((c) => c.kind ?? 'text');
  const add = (cells: Cell[]) => worksheet.addRow(cells.map((cell, i) => excelValue(cell, kinds[i] ?? 'text')));
  sheet.rows.forEach(add);
  for (const totals of sheet.totals ?? []) {
    const row = add(totals);
    row.font = { bold: true };
    row.eachCell((cell) => (cell.border = { top: { style: 'thin' } }));
  }
  const lastTableRow = worksheet.rowCount;
  kinds.forEach((kind, i) => {
    const column = worksheet.getColumn(i + 1);
    column.numFmt = FORMATS[kind];
    const texts = [sheet.columns[i].header, ...sheet.rows.map((r) => display(r[i], kind))];
    column.width = Math.min(60, Math.max(8, ...texts.map((t) => displayWidth(t) + 2)));
  });
  if (sheet.signatures?.length) {
    worksheet.addRow([]);
    for (const line of sheet.signatures) worksheet.addRow([line]);
  }
  worksheet.views = [{ state: 'frozen', ySplit: header.number, xSplit: 0 }];
  if (sheet.filters && width > 0) worksheet.autoFilter = { from: { row: header.number, column: 1 }, to: { row: lastTableRow, column: width } };
  worksheet.pageSetup.printTitlesRow = `${header.number}:${header.number}`;
}

export async function toXlsx(sheets: Sheet | readonly Sheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of Array.isArray(sheets) ? sheets : [sheets as Sheet]) addSheet(workbook, sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** How wide a cell shows: money with its thousands separators. */
function display(cell: Cell | undefined, kind: ColumnKind): string {
  const text = String(cell ?? '');
  return kind === 'money' && DECIMAL.test(text) ? Number(text).toLocaleString('en-US', { minimumFractionDigits: 2 }) : text;
}

/** Chinese characters take two columns. */
function displayWidth(text: string): number {
  return [...text].reduce((width, ch) => width + (ch.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0);
}
