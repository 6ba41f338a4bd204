/** Total orders for deterministic listings. */
import type { Fen } from '../../kernel/index.js';

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareFenDesc(a: Fen, b: Fen): number {
  return a === b ? 0 : a > b ? -1 : 1;
}
