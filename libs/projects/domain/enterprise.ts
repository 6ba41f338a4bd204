/**
 * An enterprise's identity (DOMAIN.md "One project, one unit"): its unified social credit code
 * (統一社會信用代碼, GB 32100-2015) when it has one, else its name normalised so that the same
 * company written in Traditional or Simplified characters, full or half width, any case, with
 * invisible format characters or with or without its legal-form suffix compares equal. Pure: the
 * Traditional→Simplified table is opencc-js's, a library without I/O.
 */
import { Converter } from 'opencc-js/t2cn';

/** GB 32100-2015's 31 characters (no I, O, Z, S, V), in the order of their values 0..30. */
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const CODE_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** Why a credit code is not one, in Chinese for the clerk; null when it is valid. */
export function creditCodeProblem(code: string): string | null {
  if (!CODE_SHAPE.test(code)) return '统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）';
  const sum = CODE_WEIGHTS.reduce((s, w, i) => s + CODE_CHARS.indexOf(code[i]) * w, 0);
  const expected = CODE_CHARS[(31 - (sum % 31)) % 31];
  return code[17] === expected ? null : `统一社会信用代码校验位不符（第 18 位应为 ${expected}）`;
}

export function isCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null;
}

const toSimplified = Converter({ from: 't', to: 'cn' });

/**
 * A name as compared: NFKC (width, compatibility forms), Traditional → Simplified, lower case, without
 * white space, format characters (\p{Cf}: zero-width spaces, joiners, direction marks) or the
 * punctuation people put around a place name (（）()·.,、-).
 */
export function nameKey(text: string): string {
  return toSimplified(text.normalize('NFKC').replace(/[\s\p{Cf}]+/gu, ''))
    .toLowerCase()
    .replace(/[()（）·.,，、-]/g, '');
}

/**
 * Legal-form suffixes stripped from the end of an enterprise's name, longest first, in the Simplified
 * lower-case form `nameKey` gives. Stripped repeatedly: 華芳集團股份有限公司 → 华芳.
 */
const COMPANY_SUFFIXES = ['股份有限公司', '有限责任公司', '集团有限公司', '有限公司', '株式会社', '控股集团', '集团公司', '集团', '公司'];

/** Latin legal forms, only as whole words at the end (so "Zinc" keeps its "inc"): Co., Ltd. / Inc. / GmbH … */
const LATIN_SUFFIX = /[\s,.]+(?:co\.?,?\s*ltd|company|limited|ltd|inc|incorporated|corp|corporation|group|gmbh|ag|co|llc|plc)\.?\s*$/i;

/** An investor's name as compared: `nameKey` without its legal-form suffixes (never down to nothing). */
export function enterpriseKey(name: string): string {
  let latin = name.normalize('NFKC').trim();
  while (LATIN_SUFFIX.test(latin) && latin.replace(LATIN_SUFFIX, '').length > 0) latin = latin.replace(LATIN_SUFFIX, '');
  let key = nameKey(latin);
  for (let stripped = true; stripped;) {
    stripped = false;
    for (const suffix of COMPANY_SUFFIXES) {
      if (key.endsWith(suffix) && key.length > suffix.length) {
        key = key.slice(0, -suffix.length);
        stripped = true;
        break;
      }
    }
  }
  return key;
}

/** What identifies an enterprise: its credit code when known, and its normalised name. */
export interface EnterpriseId {
  key: string;
  creditCode: string | null;
}

export function enterpriseId(name: string, creditCode?: string | null): EnterpriseId {
  return { key: enterpriseKey(name), creditCode: creditCode ?? null };
}

/** The same enterprise: by credit code where both have one, else by normalised name. */
export function sameEnterprise(a: EnterpriseId, b: EnterpriseId): boolean {
  return a.creditCode !== null && b.creditCode !== null ? a.creditCode === b.creditCode : a.key === b.key;
}
