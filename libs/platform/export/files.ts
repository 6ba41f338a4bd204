/** A sheet as a downloadable file, for the API and the CLI alike. */
import { toCsv } from './csv.js';
import { toPdf } from './pdf.js';
import type { Sheet } from './sheet.js';
import { toXlsx } from './xlsx.js';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The media type each format is sent as. */
export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

const ENCODERS: Record<ExportFormat, (sheet: Sheet) => Buffer | Promise<Buffer>> = {
  csv: (sheet) => Buffer.from(toCsv(sheet), 'utf8'),
  xlsx: toXlsx,
  pdf: toPdf,
};

export async function exportFile(sheet: Sheet, format: ExportFormat, basename: string): Promise<ExportFile> {
  return { filename: `${basename}.${format}`, contentType: EXPORT_MEDIA_TYPES[format], body: await ENCODERS[format](sheet) };
}
