/** For tests: reads an xlsx file back as a person opening it would see it. */
import ExcelJS from 'exceljs';

export interface ReadBack {
  worksheet: ExcelJS.Worksheet;
  /** Every row's cells from column A, an empty cell as ''. */
  cells: unknown[][];
}

export async function readXlsx(bytes: Buffer): Promise<ReadBack> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its input as an ArrayBuffer; a copy of the bytes is one.
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  const worksheet = workbook.worksheets[0];
  const cells: unknown[][] = [];
  worksheet.eachRow((row) => cells.push((row.values as unknown[]).slice(1).map((v) => v ?? '')));
  return { worksheet, cells };
}
