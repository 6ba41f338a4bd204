/**
 * A sheet: a name and rows of cells, the header row first. Slices build sheets (pure); csv.ts and
 * xlsx.ts only encode them, files.ts wraps either as a downloadable file.
 */
export const HEADER_LANGUAGES = ['zh', 'en'] as const;
export type HeaderLanguage = (typeof HEADER_LANGUAGES)[number];

export type Cell = string | number;

export interface Sheet {
  name: string;
  /** The header first. */
  rows: Cell[][];
}
