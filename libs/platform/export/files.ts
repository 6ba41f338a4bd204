/** A sheet as a downloadable file, for the API and the CLI alike. */
import { toCsv } from './csv.js';
import type { Sheet } from './sheet.js';
import { toXlsx } from './xlsx.js';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The media type each format is sent as. */
export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

export async function exportFile(sheet: Sheet, format: ExportFormat, basename: string): Promise<ExportFile> {
  const filename = `${basename}.${format}`;
  return format === 'csv'
    ? { filename, contentType: EXPORT_MEDIA_TYPES.csv, body: Buffer.from(toCsv(sheet), 'utf8') }
    : { filename, contentType: EXPORT_MEDIA_TYPES.xlsx, body: await toXlsx(sheet) };
}
