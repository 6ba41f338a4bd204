#!/usr/bin/env node
/**
 * Builds the web console (apps/ledger-console) into dist/console, or does nothing when its sources and the
 * lockfile are unchanged since the last build: a content hash of them is kept in dist/console/.build-hash.
 * `npm run build` (so `npm start`) runs it, and jest's global set-up (test/global-setup.mjs) calls it once before
 * any test file runs, so parallel test files never build at the same time. A second run costs a hash of a few
 * dozen files.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sources = join(root, 'apps/ledger-console');
const outDir = process.env.LEDGER_CONSOLE_DIR ?? join(root, 'dist/console');
const stamp = join(outDir, '.build-hash');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}

/** The content hash of the console's sources, the lockfile and this script. */
function sourceHash() {
  const hash = createHash('sha256');
  for (const file of [...files(sources), join(root, 'package-lock.json'), fileURLToPath(import.meta.url)].sort()) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export async function buildConsole() {
  const digest = sourceHash();
  if (existsSync(join(outDir, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === digest) {
    console.log(`web console up to date in ${relative(root, outDir) || outDir}`);
    return;
  }
  const { build } = await import('vite');
  await build({ configFile: join(sources, 'vite.config.ts'), logLevel: 'warn', build: { outDir } });
  writeFileSync(stamp, `${digest}\n`);
  console.log(`web console built into ${relative(root, outDir) || outDir}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildConsole();
