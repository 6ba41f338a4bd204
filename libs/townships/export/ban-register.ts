/**
 * The promotion-ban register as a sheet with Chinese or English headers; the shared writer in
 * libs/platform/export encodes it as CSV or Excel. Pure; dates stay text cells (no time zone can shift
 * a calendar day) and `until` is the first day the official may be promoted again.
 */
import type { HeaderLanguage, Sheet } from '../../platform/export/sheet.js';
import type { Ban } from '../domain/rules.js';

const WORDING: Record<HeaderLanguage, { sheet: string; headers: string[]; yearSeparator: string }> = {
  zh: {
    sheet: '禁止提拔名單',
    headers: ['官員編號', '姓名', '鄉鎮', '未完成目標年度', '禁止提拔起始日', '禁止提拔截止日(不含)'],
    yearSeparator: '、',
  },
  en: {
    sheet: 'Promotion bans',
    headers: ['Official ID', 'Name', 'Township', 'Failed years', 'Banned from', 'Banned until (excluded)'],
    yearSeparator: ', ',
  },
};

/** Header row first, then one row per ban. */
export function banSheet(bans: readonly Ban[], language: HeaderLanguage): Sheet {
  const { sheet, headers, yearSeparator } = WORDING[language];
  return { name: sheet, rows: [headers, ...bans.map((b) => [b.officialId, b.name, b.unitId, b.failedYears.join(yearSeparator), b.from, b.until])] };
}
