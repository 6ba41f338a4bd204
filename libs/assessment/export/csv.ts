/** RFC 4180 CSV with CRLF line ends and a UTF-8 byte-order mark, so Excel opens Chinese text correctly. */
import type { Cell, Sheet } from './sheets.js';

function field(cell: Cell): string {
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(sheet: Sheet): string {
  return `\uFEFF${sheet.rows.map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}
