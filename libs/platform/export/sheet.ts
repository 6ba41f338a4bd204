/**
 * A sheet: what a person reads, as data. Slices build sheets (pure); csv.ts and xlsx.ts only encode
 * them, files.ts wraps either as a downloadable file. The column kinds say how the Excel writer shows a
 * cell: `money` cells are exact decimal strings in the sheet (and in CSV), numbers with a `#,##0.00`
 * format in Excel, so a SUM adds them.
 */
export const HEADER_LANGUAGES = ['zh', 'en'] as const;
export type HeaderLanguage = (typeof HEADER_LANGUAGES)[number];

export type Cell = string | number;

export const COLUMN_KINDS = ['text', 'money', 'integer', 'ratio'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

export interface Column {
  header: string;
  /** Default `text`. */
  kind?: ColumnKind;
}

export interface Sheet {
  name: string;
  /** Printed above the table in Excel (e.g. 引荐人终身奖励兑现表). */
  title?: string;
  /** Lines under the title: the period, the unit, when it was made. */
  subtitle?: string[];
  columns: Column[];
  rows: Cell[][];
  /** Rows after the data (subtotals, the sum), in bold. In CSV too. */
  totals?: Cell[][];
  /** An Excel auto-filter over the header and data. */
  filters?: boolean;
  /** Lines printed under the table in Excel: the signature block (制表人、审核人 …). */
  signatures?: string[];
}

/** A column's header in each language, and its kind. */
export interface ColumnSpec {
  zh: string;
  en: string;
  kind?: ColumnKind;
}

/** The columns of a sheet in the reader's language, from one table of specs. */
export function columnsIn(specs: Record<string, ColumnSpec>, lang: HeaderLanguage): Column[] {
  return Object.values(specs).map((spec) => ({ header: spec[lang], kind: spec.kind ?? 'text' }));
}

/** A row in the order of the columns' specs, from its cells by column name; a column it does not name is left empty. */
export function rowIn<K extends string>(specs: Record<K, ColumnSpec>, cells: Partial<Record<K, Cell>>): Cell[] {
  return (Object.keys(specs) as K[]).map((key) => cells[key] ?? '');
}

/** A label in each language. */
export type Labels<K extends string> = Record<K, Record<HeaderLanguage, string>>;

/** The signature block finance and supervisors sign on paper, in the reader's language. */
export function signatureBlock(lang: HeaderLanguage): string[] {
  return lang === 'zh'
    ? ['制表人：__________\u3000\u3000审核人：__________\u3000\u3000分管负责人：__________', '单位（盖章）：__________\u3000\u3000日期：____年__月__日']
    : ['Prepared by: __________    Checked by: __________    Approved by: __________', 'Unit (seal): __________    Date: __________'];
}

/** The CSV form (and the header of the Excel table): header row, data rows, totals. */
export function tableRows(sheet: Sheet): Cell[][] {
  return [sheet.columns.map((c) => c.header), ...sheet.rows, ...(sheet.totals ?? [])];
}
