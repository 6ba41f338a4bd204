/** Total orders for deterministic listings: by code unit (never locale-dependent), so every run lists alike. */
import type { Fen } from './money.js';

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareFenDesc(a: Fen, b: Fen): number {
  return a === b ? 0 : a > b ? -1 : 1;
}
