import { applyBasisPoints, cnyValueFits, convertToCnyFen, divideHalfUp, fromFen, isAmount, isRate, ratio, toFen } from './money.js';

describe('money', () => {
  it.each([
    ['0', 0n],
    ['0.5', 50n],
    ['12.3', 1230n],
    ['1250000.00', 125000000n],
    ['-7.05', -705n],
    ['-0.01', -1n],
    ['-3', -300n],
    ['-0.5', -50n],
    ['123456789012345678.99', 12345678901234567899n],
  ])('parses %s exactly', (text, fen) => {
    expect(toFen(text)).toBe(fen);
    expect(toFen(fromFen(fen))).toBe(fen);
  });

  it.each(['1.234', '01', '1e3', '', ' 1', '1.', '.5', 'NaN', '1,000'])('refuses %j', (text) => {
    expect(isAmount(text)).toBe(false);
    expect(() => toFen(text)).toThrow(RangeError);
  });

  it('formats with two fraction digits', () => {
    expect(fromFen(5n)).toBe('0.05');
    expect(fromFen(-1n)).toBe('-0.01');
    expect(fromFen(100n)).toBe('1.00');
  });

  it.each([
    [5n, 10n, 1n],
    [4n, 10n, 0n],
    [15n, 10n, 2n],
    [-15n, 10n, -2n],
    [-14n, 10n, -1n],
  ])('rounds %d/%d half away from zero to %d', (n, d, q) => {
    expect(divideHalfUp(n, d)).toBe(q);
  });

  it.each([
    // USD 100.00 at 7.1234 = 712.34 CNY
    ['100.00', '7.1234', '712.34'],
    // 0.01 × 7.125 = 0.07125 → 0.07 ; 0.07 × 7.15 = 0.5005 → 0.50
    ['0.01', '7.125', '0.07'],
    ['0.07', '7.15', '0.50'],
    // half exactly: 0.10 × 0.05 = 0.005 → 0.01
    ['0.10', '0.05', '0.01'],
    // JPY 1,000,000 at 0.048712 = 48712.00
    ['1000000', '0.048712', '48712.00'],
  ])('converts %s at %s to %s CNY', (amount, rate, expected) => {
    expect(fromFen(convertToCnyFen(toFen(amount), rate))).toBe(expected);
  });

  it('refuses a zero or malformed rate', () => {
    expect(() => convertToCnyFen(100n, '0')).toThrow(RangeError);
    expect(() => convertToCnyFen(100n, '-7')).toThrow(RangeError);
    expect(() => convertToCnyFen(100n, '7.')).toThrow(RangeError);
  });

  it.each([
    ['10000.00', 300, '300.00'],
    ['0.50', 300, '0.02'], // 0.015 → 0.02
    ['0.49', 300, '0.01'], // 0.0147 → 0.01
    ['-0.50', 300, '-0.02'],
  ])('takes %s × %d bps = %s', (amount, bps, expected) => {
    expect(fromFen(applyBasisPoints(toFen(amount), bps))).toBe(expected);
  });

  it('gives ratios with four fraction digits', () => {
    expect(ratio(1n, 3n)).toBe(0.3333);
    expect(ratio(2n, 3n)).toBe(0.6667);
    expect(ratio(0n, 0n)).toBeNull();
  });

  describe("DOMAIN.md's bounds", () => {
    it('takes amounts up to 10^12 either way at the door, and no more', () => {
      expect(isAmount('1000000000000.00')).toBe(true);
      expect(isAmount('-1000000000000')).toBe(true);
      expect(isAmount('1000000000000.01')).toBe(false);
      expect(isAmount('9999999999999999.99')).toBe(false);
    });

    it('reads stored and derived money of any size exactly', () => {
      expect(toFen('9999999999999999999999.99')).toBe(999999999999999999999999n);
      expect(fromFen(toFen('-12345678901234567890.05'))).toBe('-12345678901234567890.05');
    });

    it.each(['9999.99999999', '0.00000001', '1'])('takes the rate %s', (rate) => expect(isRate(rate)).toBe(true));
    it.each(['10000', '999999.99999999', '1.000000001', '0', '0.00000000'])('refuses the rate %s', (rate) => expect(isRate(rate)).toBe(false));

    it("bounds an amount's CNY value too", () => {
      expect(cnyValueFits('100000000000.00', '10')).toBe(true);
      expect(cnyValueFits('100000000000.01', '10')).toBe(false);
      expect(cnyValueFits('1000000000000.00', '9999.99999999')).toBe(false);
    });

    it('converts with a rate of any length an older build stored', () => {
      expect(fromFen(convertToCnyFen(toFen('1.00'), '999999.999999999'))).toBe('1000000.00');
    });
  });
});
