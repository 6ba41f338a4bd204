/** RFC 4180 CSV with CRLF line ends and a UTF-8 byte-order mark, so Excel opens Chinese text correctly. */
import type { Cell, Sheet } from './sheets.js';

function field(cell: Cell): string {
  // Text starting like a formula (a project named "=HYPERLINK(…)") is prefixed so a spreadsheet shows it instead of running it.
  const text = typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(sheet: Sheet): string {
  return `\uFEFF${sheet.rows.map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}
