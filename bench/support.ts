/** Small helpers the benchmark sections share: timing, percentiles, a temporary directory, child runs. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Figure {
  section: string;
  name: string;
  value: number;
  unit: string;
  /** The ceiling measured in the same run, when there is one, and value / ceiling. */
  ceiling?: number;
  ratio?: number;
  target?: string;
  met?: boolean;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

export async function inTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  try {
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const BENCH_MAIN = join(fileURLToPath(new URL('.', import.meta.url)), 'main.js');

/**
 * Runs a section in a fresh process (for a clean peak RSS) and returns the JSON it prints last;
 * BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=prof") go to that process too.
 */
export function inChild<T>(args: string[], extraNodeArgs: string[] = []): T {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // A later --max-old-space-size wins over the default here.
  const out = execFileSync(process.execPath, ['--max-old-space-size=2048', ...nodeArgs, ...extraNodeArgs, BENCH_MAIN, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as T;
}

export const perSecond = (count: number, ms: number): number => count / (ms / 1000);

/** A repeatable sequence of picks from `items` (the generator's PRNG, seed 7). */
export function seededPick<T>(items: T[]): () => T {
  let a = 7;
  return () => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return items[a % items.length];
  };
}
