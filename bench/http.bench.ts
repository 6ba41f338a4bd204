/**
 * HTTP writes: 64 autocannon clients posting tax payments (no If-Match, no Idempotency-Key) on 64
 * projects and on one, against the ledger in a child process; beside a bare node:http server that
 * parses the same JSON and answers 201, measured with the same client in the same run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { BENCH_MAIN } from './support.js';

const TOKEN = 'bench-recorder-token-0123456789';
const ADMIN = 'bench-admin-token-0123456789';
export const CLIENTS = 64;
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);

export interface HttpRun {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  /** The server's CPU time (user + system) per answered request: what a request costs, whatever else the machine runs. */
  cpuUsPerRequest: number;
}

/** A process's CPU time so far in microseconds, from /proc (Linux; clock ticks of 10 ms, fine over a 10 s run). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat(5); fields[0] here is field 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The ledger on a fresh data directory, with two known tokens. Runs in the child. */
export async function serveLedger(dir: string, port: number): Promise<void> {
  const tokensFile = join(dir, 'tokens.json');
  writeFileSync(
    tokensFile,
    JSON.stringify([
      { token: ADMIN, actor: 'bench.admin', role: 'admin' },
      { token: TOKEN, actor: 'bench.recorder', role: 'recorder' },
    ]),
  );
  const [{ createLedgerApp }, { loadConfig }] = await Promise.all([import('../apps/ledger-api/create-app.js'), import('../libs/platform/config.js')]);
  const app = await createLedgerApp({
    config: loadConfig({ ...process.env, LEDGER_DATA_DIR: dir, LEDGER_TOKENS_FILE: tokensFile, LEDGER_RATE_LIMIT: '0', PORT: String(port) }),
  });
  await app.listen(port, '127.0.0.1');
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

/** The transport ceiling: node:http, the same JSON parsed, 201 with a small JSON answer. Runs in the child. */
export function serveBare(port: number): void {
  createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (chunks.length === 0) {
        res.writeHead(200).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { paymentReference: string };
      const answer = JSON.stringify({ projectId: 'p', eventId: body.paymentReference, revision: 1 });
      res.writeHead(201, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer) });
      res.end(answer);
    });
  }).listen(port, '127.0.0.1');
}

export async function startChild(args: string[], port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=prof", profiles the servers under load.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, BENCH_MAIN, ...args, String(port)], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env },
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${args[0]} exited ${child.exitCode}`);
    try {
      await fetch(`http://127.0.0.1:${port}/health`);
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`${args[0]} did not start`);
}

export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function post(base: string, token: string, path: string, body: object): Promise<{ projectId?: string }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { projectId?: string };
}

/** `count` projects in production, ready for monthly tax. */
export async function projectsInProduction(base: string, count: number): Promise<string[]> {
  await post(base, ADMIN, '/v1/units', { unitId: 'bench-county', name: '壓測縣', kind: 'county' });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { projectId } = await post(base, TOKEN, '/v1/projects', {
      name: `壓測項目 ${i}`,
      investor: `壓測集團 ${i}`,
      origin: 'domestic',
      sector: 'secondary',
      plannedInvestment: { amount: '10000000.00', currency: 'CNY' },
      unitId: 'bench-county',
      leadOn: '2025-01-05',
    });
    const at = `/v1/projects/${projectId}`;
    await post(base, TOKEN, `${at}/signing`, { kind: 'contract', committedInvestment: { amount: '9000000.00', currency: 'CNY' }, signedOn: '2025-02-01' });
    await post(base, TOKEN, `${at}/groundbreaking`, { brokeGroundOn: '2025-03-01' });
    await post(base, TOKEN, `${at}/completion`, { completedOn: '2025-09-01' });
    await post(base, TOKEN, `${at}/production`, { startedOn: '2025-10-01' });
    ids.push(projectId!);
  }
  return ids;
}

let slip = 0;

/** 64 clients for SECONDS: client k posts to projects[k % projects.length], each with its own payment slip; `server` is the answering process. */
export async function hammer(base: string, projects: string[], server: ChildProcess): Promise<HttpRun> {
  let nextClient = 0;
  const cpuBefore = cpuMicros(server.pid!);
  const result = await autocannon({
    url: base,
    connections: CLIENTS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        setupRequest: (req, context) => {
          const ctx = context as { project?: string };
          ctx.project ??= projects[nextClient++ % projects.length];
          slip++;
          return {
            ...req,
            path: `/v1/projects/${ctx.project}/tax-payments`,
            body: JSON.stringify({
              amount: { amount: '100.00', currency: 'CNY' },
              taxMonth: '2026-10',
              paymentReference: `SLIP-${process.pid}-${slip}`,
              paidOn: '2026-11-15',
            }),
          };
        },
      },
    ],
  });
  const cpu = cpuMicros(server.pid!) - cpuBefore;
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));
  return {
    requestsPerSecond: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors,
    statuses,
    cpuUsPerRequest: cpu / Math.max(1, result['2xx'] + result.non2xx),
  };
}
