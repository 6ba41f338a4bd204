/** Slip numbers compare without width, case, spacing or invisible (format) characters. */
export function slipKey(reference: string): string {
  return reference
    .normalize('NFKC')
    .replace(/[\s\p{Cf}]+/gu, '')
    .toUpperCase();
}
