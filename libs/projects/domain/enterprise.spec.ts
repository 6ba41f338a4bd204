import { creditCodeProblem, enterpriseId, enterpriseKey, isCreditCode, nameKey, sameEnterprise } from './enterprise.js';

describe('unified social credit code (GB 32100-2015 check character)', () => {
  it.each(['91350100M000100Y43', '91110000600037341L', '91371400MA3C8XWL5C'.slice(0, 17) + checkFor('91371400MA3C8XWL5')])('%s is valid', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
    expect(isCreditCode(code)).toBe(true);
  });

  it.each([
    ['91350100M000100Y44', '校验位'],
    ['91350100M000100Y4', '18 位'],
    ['91350100M0001O0Y43', '18 位'], // the letter O is not in the alphabet
    ['91350100m000100y43', '18 位'], // lower case is not the code's form
  ])('%s is refused (%s)', (code, why) => {
    expect(creditCodeProblem(code)).toContain(why);
  });

  it('any single changed character is caught', () => {
    const code = '91350100M000100Y43';
    for (let i = 0; i < 17; i++) {
      const changed = code.slice(0, i) + (code[i] === '1' ? '2' : '1') + code.slice(i + 1);
      expect(isCreditCode(changed)).toBe(false);
    }
  });
});

/** The check character computed independently (weights 3^i mod 31). */
function checkFor(first17: string): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += chars.indexOf(first17[i]) * (3 ** i % 31);
  return chars[(31 - (sum % 31)) % 31];
}

describe('enterprise names', () => {
  it.each([
    ['華芳集團', '华芳集团'],
    ['華芳集團', '華芳集團有限公司'],
    ['华芳集团股份有限公司', '華芳'],
    ['華芳\u200b集團', '华芳集团'],
    ['華芳\u2060集團\u200d', '華芳集團'],
    ['ＨＵＡＦＡＮＧ Textile', 'huafang textile'],
    ['Huafang Textile Co., Ltd.', 'HUAFANG TEXTILE'],
    ['西傑集團（韓國）有限公司', '西杰集团(韩国)'],
  ])('%s is the same enterprise as %s', (a, b) => {
    expect(enterpriseKey(a)).toBe(enterpriseKey(b));
    expect(sameEnterprise(enterpriseId(a), enterpriseId(b))).toBe(true);
  });

  it.each([
    ['華芳集團', '華魯集團'],
    ['Zinc Works', 'Z Works'],
    ['有限公司', '公司'],
  ])('%s is not %s', (a, b) => {
    expect(enterpriseKey(a)).not.toBe(enterpriseKey(b));
  });

  it('never strips a name down to nothing', () => {
    expect(enterpriseKey('集團')).toBe('集团');
  });

  it('project names compare by script, width, case and format characters, keeping their words', () => {
    expect(nameKey('棉紡織項目一期')).toBe(nameKey('棉纺织项目一期'));
    expect(nameKey('棉紡織項目\u200b一期')).toBe(nameKey('棉紡織項目一期'));
    expect(nameKey('棉紡織項目一期')).not.toBe(nameKey('棉紡織項目二期'));
  });

  it('credit codes decide when both have one, names otherwise', () => {
    const huafang = enterpriseId('華芳集團', '91350100M000100Y43');
    expect(sameEnterprise(huafang, enterpriseId('夏津華芳', '91350100M000100Y43'))).toBe(true);
    expect(sameEnterprise(huafang, enterpriseId('華芳集團', '91110000600037341L'))).toBe(false);
    expect(sameEnterprise(huafang, enterpriseId('华芳集团有限公司'))).toBe(true);
  });
});
