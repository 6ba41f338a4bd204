/** Simplified Chinese by default; English by the switch in the header. The choice is remembered in this browser. */
import { createI18n } from 'vue-i18n';
import { en } from './locales/en.js';
import { zhCN } from './locales/zh-CN.js';

export type Locale = 'zh-CN' | 'en';
const KEY = 'ledger.locale';

const saved = localStorage.getItem(KEY);
export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(KEY, locale);
  document.documentElement.lang = locale;
}
document.documentElement.lang = i18n.global.locale.value;

/** The header language of a downloaded sheet (`?lang=`), following the console's. */
export const sheetLang = (): 'zh' | 'en' => (i18n.global.locale.value === 'en' ? 'en' : 'zh');

/**
 * The label of a code (`stages.lead`), or '' for none: Element Plus renders a table column's cell slot once with an
 * empty row, which would otherwise ask for `stages.undefined`.
 */
export const named = (group: string, code: string | null | undefined): string => (code ? i18n.global.t(`${group}.${code}`) : '');
