/**
 * The real server as a child process, for tests that kill it, stop it or watch its output: builds
 * apps/ledger-api/main.ts (and the CLI, apps/ledger-cli/main.ts) once into dist/test-server (only its import graph, so a teammate's unrelated
 * work in progress cannot break it; rebuilt when a source file is newer), then spawns it on 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = join(ROOT, 'dist/test-server');
export const SERVER_MAIN = join(OUT, 'apps/ledger-api/main.js');
export const CLI_MAIN = join(OUT, 'apps/ledger-cli/main.js');
const STAMP = join(OUT, '.built-at');
const LOCK = join(ROOT, 'dist/.test-server.lock');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function fresh(): boolean {
  if (!existsSync(STAMP) || !existsSync(SERVER_MAIN) || !existsSync(CLI_MAIN)) return false;
  return statSync(STAMP).mtimeMs >= Math.max(newestSource(join(ROOT, 'apps')), newestSource(join(ROOT, 'libs')));
}

function tsc(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'test/support/tsconfig.server.json')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolvePromise({ code, output }));
  });
}

/** Builds the server unless the last build is newer than every source; one build at a time across Jest workers. */
export async function buildServer(): Promise<string> {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (;;) {
    if (fresh()) return SERVER_MAIN;
    try {
      mkdirSync(LOCK);
    } catch {
      // Another worker builds; a lock older than two minutes is left over from a killed run.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
      await sleep(250);
      continue;
    }
    try {
      if (fresh()) return SERVER_MAIN;
      const started = new Date();
      const { code, output } = await tsc();
      // Type errors elsewhere still emit JavaScript (noEmitOnError is off); a missing entry point is fatal.
      if (!existsSync(SERVER_MAIN)) throw new Error(`building the server failed (tsc exit ${code}):\n${output}`);
      if (code !== 0) process.stderr.write(`note: tsc reported errors while building the test server:\n${output.slice(0, 2000)}\n`);
      writeFileSync(STAMP, started.toISOString());
      utimesSync(STAMP, started, started);
      return SERVER_MAIN;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface LedgerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  exited: Promise<Exit>;
}

/** The environment a child server gets: nothing from the test runner but PATH, plus what the test says. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LEDGER_HOST: '127.0.0.1', ...env };
}

/** Spawns the built server (optionally behind a wrapper command such as `unshare`). */
export function spawnServer(env: Record<string, string>, wrapper: string[] = []): LedgerProcess {
  const argv = [...wrapper, process.execPath, SERVER_MAIN];
  const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<Exit>((resolvePromise) => child.on('exit', (code, signal) => resolvePromise({ code, signal })));
  const port = Number(env.PORT ?? 0);
  return { child, port, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}

/** Runs the built CLI to its end with `env` (and nothing of the runner's environment but PATH). */
export function runCli(env: Record<string, string>, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let [out, err] = ['', ''];
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolvePromise({ code, out, err }));
  });
}

/** Spawns the server and resolves once /health answers; rejects with its output if it exits first. */
export async function startServer(env: Record<string, string>): Promise<LedgerProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const server = spawnServer({ ...env, PORT: String(port) });
  let exit: Exit | null = null;
  void server.exited.then((e) => (exit = e));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exit) throw new Error(`the server exited (${JSON.stringify(exit)}) before it was ready:\n${server.output()}`);
    try {
      const res = await fetch(`${server.url}/health`);
      if (res.status === 200) return server;
    } catch {
      // not listening yet
    }
    await sleep(40);
  }
  server.child.kill('SIGKILL');
  throw new Error(`the server did not become ready:\n${server.output()}`);
}

/** Sends a signal and waits for the process to end. */
export async function stopServer(server: LedgerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  return server.exited;
}
