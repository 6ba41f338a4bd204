/**
 * The promotion-ban register as a sheet with Chinese (Simplified) or English headers; the shared writer
 * in libs/platform/export encodes it as CSV, Excel or PDF. Pure; dates stay text cells (no time zone
 * can shift a calendar day) and `until` is the first day the official may be promoted again.
 */
import { columnsIn, signatureBlock, type HeaderLanguage, type Sheet } from '../../platform/export/sheet.js';
import type { Ban } from '../domain/rules.js';

const COLUMNS = {
  officialId: { zh: '官员编号', en: 'Official ID' },
  name: { zh: '姓名', en: 'Name' },
  unitId: { zh: '乡镇', en: 'Township' },
  failedYears: { zh: '未完成目标年度', en: 'Failed years' },
  from: { zh: '禁止提拔起始日', en: 'Banned from' },
  until: { zh: '禁止提拔截止日(不含)', en: 'Banned until (excluded)' },
};

const WORDING: Record<HeaderLanguage, { sheet: string; title: string; yearSeparator: string }> = {
  zh: { sheet: '禁止提拔名单', title: '乡镇党政一把手三年内不能提拔重用名单', yearSeparator: '、' },
  en: { sheet: 'Promotion bans', title: 'Township heads barred from promotion for three years', yearSeparator: ', ' },
};

/** One row per ban. */
export function banSheet(bans: readonly Ban[], language: HeaderLanguage): Sheet {
  const { sheet, title, yearSeparator } = WORDING[language];
  return {
    name: sheet,
    title,
    columns: columnsIn(COLUMNS, language),
    rows: bans.map((b) => [b.officialId, b.name, b.unitId, b.failedYears.join(yearSeparator), b.from, b.until]),
    filters: true,
    signatures: signatureBlock(language),
  };
}
