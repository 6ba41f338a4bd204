/** Reading an uploaded workbook into text cells, and writing the templates. */
import ExcelJS from 'exceljs';
import { RuleViolation } from '../../kernel/index.js';
import { toXlsx } from '../../platform/export/xlsx.js';
import type { HeaderLanguage, Sheet } from '../../platform/export/sheet.js';
import { IMPORT_COLUMNS, IMPORT_EXAMPLES, IMPORT_TITLES, type ImportKind } from '../domain/templates.js';

/** A cell as the clerk typed it: dates as YYYY-MM-DD (Excel stores them as UTC midnights), numbers as plain decimals. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(8)));
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value);
}

/** The first worksheet's cells as text, row by row (row 1 first). */
export async function readGrid(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  } catch {
    throw new RuleViolation('import-file', '无法读取该文件：请上传 .xlsx 格式的 Excel 文件（可从模板下载）');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new RuleViolation('import-file', '文件中没有工作表');
  const grid: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => (cells[col - 1] = cellText(cell.value)));
    grid[number - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(grid, (r) => r ?? []);
}

/** The template: the sheet to fill (title, header, the example row) and a notes sheet explaining every column. */
export function templateSheets(kind: ImportKind, lang: HeaderLanguage): Sheet[] {
  const columns = IMPORT_COLUMNS[kind];
  const example = IMPORT_EXAMPLES[kind];
  const data: Sheet = {
    name: lang === 'zh' ? '数据' : 'data',
    title: IMPORT_TITLES[kind][lang],
    subtitle: [
      lang === 'zh'
        ? '第 3 行为表头，请从第 5 行起填写；第 4 行为示例，导入时忽略（可删除）'
        : 'Row 3 is the header; fill in from row 5; row 4 is an example the import ignores',
    ],
    columns: columns.map((c) => ({ header: c[lang], kind: 'text' })),
    rows: [columns.map((c) => example[c.key] ?? '')],
  };
  const notes: Sheet = {
    name: lang === 'zh' ? '填写说明' : 'notes',
    columns: [{ header: lang === 'zh' ? '列' : 'column' }, { header: lang === 'zh' ? '是否必填' : 'required' }, { header: lang === 'zh' ? '说明' : 'note' }],
    rows: [
      ...columns.map((c) => [c[lang], c.required ? (lang === 'zh' ? '必填' : 'yes') : lang === 'zh' ? '选填' : 'no', c.note]),
      ['', '', ''],
      [
        lang === 'zh' ? '导入' : 'import',
        '',
        '先上传做“试导入”（不记录任何内容，列出每一行的问题和将记录的内容），无问题后再正式导入；同一文件重复导入不会重复记录。',
      ],
      [lang === 'zh' ? '格式' : 'format', '', '金额为数字（最多两位小数），日期为 YYYY-MM-DD，月份为 YYYY-MM；单元格已设为文本格式，请勿更改。'],
    ],
  };
  return [data, notes];
}

export function templateFile(kind: ImportKind, lang: HeaderLanguage): Promise<Buffer> {
  return toXlsx(templateSheets(kind, lang));
}
