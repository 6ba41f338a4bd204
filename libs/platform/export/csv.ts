/** RFC 4180 CSV with CRLF line ends and a UTF-8 byte-order mark, so Excel opens Chinese text correctly. */
import { tableRows, type Cell, type Sheet } from './sheet.js';

/** A plain decimal such as `-30.00`: a spreadsheet reads it as a number, never as a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** Whether a cell would start like a formula in a spreadsheet (and so gets an apostrophe in front). */
export function looksLikeFormula(cell: Cell): boolean {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) && !PLAIN_NUMBER.test(cell);
}

function field(cell: Cell): string {
  // Text starting like a formula (a project named "=HYPERLINK(…)") is prefixed so a spreadsheet shows it instead of running it.
  const text = looksLikeFormula(cell) ? `'${cell}` : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The table only (header, data, totals): a title or signatures would break a machine reading it. */
export function toCsv(sheet: Sheet): string {
  return `\uFEFF${tableRows(sheet)
    .map((row) => row.map(field).join(','))
    .join('\r\n')}\r\n`;
}
