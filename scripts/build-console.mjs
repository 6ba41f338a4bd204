#!/usr/bin/env node
/**
 * Builds the web console (apps/ledger-console) into dist/console, or does nothing when its sources and the
 * lockfile are unchanged since the last build: a content hash of them is kept in dist/console/.build-hash.
 * `npm start`, `npm run build` and the browser tests all call this, so a fresh clone gets a console at once
 * and a second start costs a hash of a few dozen files.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

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

const hash = createHash('sha256');
for (const file of [...files(sources), join(root, 'package-lock.json'), fileURLToPath(import.meta.url)].sort()) {
  hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
}
const digest = hash.digest('hex');

if (existsSync(join(outDir, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === digest) {
  console.log(`web console up to date in ${relative(root, outDir) || outDir}`);
} else {
  const { build } = await import('vite');
  await build({ configFile: join(sources, 'vite.config.ts'), logLevel: 'warn', build: { outDir } });
  writeFileSync(stamp, `${digest}\n`);
  console.log(`web console built into ${relative(root, outDir) || outDir}`);
}
