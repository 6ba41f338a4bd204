/**
 * `npm run bench:startup`: how long `npm start` (and `npm run ledger`) take on this tree, measured as a new user sees
 * them: from the command to a 200 from GET /health (or to the CLI's exit). Runs each command `RUNS` times on a fresh
 * data directory and prints the median. Not part of `npm test`: timing belongs here.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.RUNS ?? 5);
const PORT = Number(process.env.BENCH_PORT ?? 3917);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function healthy(deadline) {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('no healthy /health within 120 s');
}

async function startOnce(command, args) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-startup-'));
  const started = performance.now();
  const child = spawn(command, args, {
    env: { ...process.env, PORT: String(PORT), LEDGER_HOST: '127.0.0.1', LEDGER_DATA_DIR: dataDir },
    stdio: 'ignore',
    detached: true,
  });
  try {
    await healthy(Date.now() + 120_000);
    return performance.now() - started;
  } finally {
    process.kill(-child.pid, 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function cliOnce(args) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-startup-'));
  const started = performance.now();
  const child = spawn('npm', ['run', '--silent', 'ledger', '--', ...args], { env: { ...process.env, LEDGER_DATA_DIR: dataDir }, stdio: 'ignore' });
  const code = await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`npm run ledger -- ${args.join(' ')} exited ${code}`);
  return performance.now() - started;
}

async function measure(label, once) {
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(await once());
  console.log(`${label}: median ${(median(times) / 1000).toFixed(2)} s over ${RUNS} runs (${times.map((t) => (t / 1000).toFixed(2)).join(', ')})`);
}

await measure('npm start → 200 /health (built tree)', () => startOnce('npm', ['run', '--silent', 'start']));
await measure('  of which node alone (node dist/apps/ledger-api/main.js)', () => startOnce(process.execPath, ['dist/apps/ledger-api/main.js']));
await measure('npm run ledger -- verify (built tree)', () => cliOnce(['verify']));
if (process.env.COMPARE_NEST_START) await measure('before: nest start ledger-api (compiles first)', () => startOnce('npx', ['nest', 'start', 'ledger-api']));
