/**
 * The secrets handed to people: session tokens (`ls_…`), personal API tokens (`lt_…`) and one-time
 * setup codes. Only their sha-256 is stored. The prefixes tell the two token kinds apart and let
 * secret scanners recognise a leaked one.
 */
import { randomBytes, randomInt } from 'node:crypto';

export const SESSION_PREFIX = 'ls_';
export const API_TOKEN_PREFIX = 'lt_';

export const newSessionToken = (): string => `${SESSION_PREFIX}${randomBytes(32).toString('base64url')}`;
export const newApiToken = (): string => `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;

/** No 0/O, 1/I/L: a code read over the phone survives. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A setup code like `K7QM-3XWD-PA9R-TV2E` (about 79 bits). */
export function newSetupCode(): string {
  const chars = Array.from({ length: 16 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** Codes are compared case-insensitively, dashes and spaces ignored. */
export const normaliseSetupCode = (code: string): string => code.toUpperCase().replace(/[\s-]/g, '');
