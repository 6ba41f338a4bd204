/**
 * Sheets as a printable PDF (A4, landscape when wide): the title, the period, the table with its header
 * repeated on every page, bold totals, money right-aligned with thousands separators (formatted from
 * the exact decimal string, never through a float), and the signature block. pdfmake needs a font with
 * Chinese glyphs: the first of CJK_FONTS found (Debian fonts-noto-cjk or fonts-wqy), or the file named
 * by LEDGER_PDF_FONT.
 */
import { existsSync } from 'node:fs';
import pdfmake from 'pdfmake';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { Cell, ColumnKind, Sheet } from './sheet.js';

/** A font file and, for a collection (.ttc), the face inside it. */
interface FontFace {
  file: string;
  normal: string;
  bold: string;
  boldFile: string;
}

const CJK_FONTS: FontFace[] = [
  {
    file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    normal: 'NotoSansCJKsc-Regular',
    boldFile: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
    bold: 'NotoSansCJKsc-Bold',
  },
  {
    file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
    normal: 'WenQuanYiMicroHei',
    boldFile: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
    bold: 'WenQuanYiMicroHei',
  },
  {
    file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
    normal: 'WenQuanYiZenHei',
    boldFile: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
    bold: 'WenQuanYiZenHei',
  },
];

/** No font with Chinese glyphs is installed: the PDF cannot be made (the shell answers 503). */
export class NoCjkFont extends Error {
  constructor() {
    super('没有可用的中文字体，无法生成 PDF（请安装 fonts-noto-cjk 或 fonts-wqy-microhei，或设置 LEDGER_PDF_FONT）');
    this.name = 'NoCjkFont';
  }
}

function cjkFont(): FontFace | null {
  const named = process.env.LEDGER_PDF_FONT;
  if (named) return existsSync(named) ? { file: named, normal: '', bold: '', boldFile: named } : null;
  return CJK_FONTS.find((f) => existsSync(f.file) && existsSync(f.boldFile)) ?? null;
}

let fontsSet: FontFace | null = null;

function useFont(face: FontFace): void {
  if (fontsSet === face) return;
  const entry = (file: string, name: string) => (name ? [file, name] : file);
  pdfmake.setFonts({ CJK: { normal: entry(face.file, face.normal), bold: entry(face.boldFile, face.bold) } as never });
  // Documents name no files or URLs of their own: only the font above is read.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => path === face.file || path === face.boldFile);
  fontsSet = face;
}

/** 1234567.5 → 1,234,567.50 on the decimal string itself. */
export function groupThousands(decimal: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal);
  if (!match) return decimal;
  const [, sign, whole, fraction] = match;
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction === undefined ? '' : `.${fraction}`}`;
}

function pdfCell(cell: Cell | undefined, kind: ColumnKind, bold = false): TableCell {
  const text = String(cell ?? '');
  if (kind === 'money') return { text: groupThousands(text), alignment: 'right', bold };
  if (kind === 'ratio' && /^\d+(\.\d+)?$/.test(text)) return { text: `${(Number(text) * 100).toFixed(2)}%`, alignment: 'right', bold };
  return { text, alignment: kind === 'integer' ? 'right' : 'left', bold };
}

export function pdfDefinition(sheet: Sheet): TDocumentDefinitions {
  const kinds = sheet.columns.map((c) => c.kind ?? 'text');
  const body: TableCell[][] = [
    sheet.columns.map((c) => ({ text: c.header, bold: true, alignment: 'center', fillColor: '#eeeeee' })),
    ...sheet.rows.map((row) => kinds.map((kind, i) => pdfCell(row[i], kind))),
    ...(sheet.totals ?? []).map((row) => kinds.map((kind, i) => pdfCell(row[i], kind, true))),
  ];
  const content: Content[] = [
    ...(sheet.title
      ? [{ text: sheet.title, fontSize: 16, bold: true, alignment: 'center' as const, margin: [0, 0, 0, 6] as [number, number, number, number] }]
      : []),
    ...(sheet.subtitle ?? []).map((line) => ({ text: line, alignment: 'center' as const, margin: [0, 0, 0, 4] as [number, number, number, number] })),
    { table: { headerRows: 1, widths: sheet.columns.map(() => 'auto'), body }, layout: 'lightHorizontalLines', margin: [0, 6, 0, 12] },
    ...(sheet.signatures ?? []).map((line) => ({ text: line, margin: [0, 10, 0, 0] as [number, number, number, number] })),
  ];
  return {
    pageSize: 'A4',
    pageOrientation: sheet.columns.length > 6 ? 'landscape' : 'portrait',
    pageMargins: [28, 32, 28, 32],
    defaultStyle: { font: 'CJK', fontSize: 8 },
    info: { title: sheet.title ?? sheet.name },
    footer: (page: number, pages: number) => ({ text: `${page} / ${pages}`, alignment: 'center', fontSize: 7 }),
    content,
  };
}

export async function toPdf(sheet: Sheet, options: { compress?: boolean } = {}): Promise<Buffer> {
  const face = cjkFont();
  if (!face) throw new NoCjkFont();
  useFont(face);
  const doc = pdfmake.createPdf({ ...pdfDefinition(sheet), compress: options.compress ?? true });
  return Buffer.from(await doc.getBuffer());
}
