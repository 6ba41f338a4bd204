/**
 * The built server as a child process: the first start writes a tokens file of hashes only and shows
 * the tokens once; nothing it logs afterwards holds a token or personal data; on SIGTERM it finishes the
 * writes in flight, closes the store cleanly and exits 0 with every acknowledged write on disk.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ROLES } from '../../libs/platform/tokens.js';
import { sha256Hex } from '../../libs/platform/tokens.js';
import { buildServer, startServer, stopServer, type LedgerProcess } from '../support/server-process.js';

let dir: string;
const printed: Record<string, string> = {};

beforeAll(async () => {
  await buildServer();
  dir = mkdtempSync(join(tmpdir(), 'ledger-process-'));
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const call = (server: LedgerProcess, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });

it('first start: a tokens file holding only hashes, the tokens shown once', async () => {
  const server = await startServer({ LEDGER_DATA_DIR: dir });
  const output = server.output();
  for (const role of ROLES) {
    const match = new RegExp(`^  ${role}\\s+(\\S+)$`, 'm').exec(output);
    expect(match).not.toBeNull();
    printed[role] = match![1];
  }
  const file = join(dir, 'tokens.json');
  const text = readFileSync(file, 'utf8');
  const entries = JSON.parse(text) as Record<string, unknown>[];
  expect(entries).toHaveLength(ROLES.length);
  for (const entry of entries) {
    expect(Object.keys(entry).sort()).toEqual(['actor', 'role', 'tokenSha256']);
    expect(entry.tokenSha256).toBe(sha256Hex(printed[entry.role as string]));
  }
  for (const token of Object.values(printed)) expect(text).not.toContain(token);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  // The printed tokens work.
  expect((await call(server, printed.admin, 'GET', '/v1/units')).status).toBe(200);
  expect((await call(server, printed.auditor, 'POST', '/v1/units', { unitId: 'x', name: 'x', kind: 'county' })).status).toBe(403);
  expect((await stopServer(server)).code).toBe(0);
}, 60_000);

it('logs no token and no personal data, whatever the request', async () => {
  expect(printed.admin).toBeDefined();
  const server = await startServer({ LEDGER_DATA_DIR: dir });
  const secretName = '王秘密測試人';
  const secretInvestor = '機密投資集團甲乙';
  const wrongToken = 'wrong-token-that-must-never-be-logged-42';
  const admin = printed.admin;
  const recorder = printed.recorder;
  await call(server, admin, 'POST', '/v1/units', { unitId: 'log-county', name: '日誌縣', kind: 'county' });
  const lead = { name: '秘密項目', investor: secretInvestor, origin: 'domestic', sector: 'secondary', plannedInvestment: { amount: '1000000.00', currency: 'CNY' }, unitId: 'log-county', leadOn: '2026-01-05', referrer: { referrerId: 'ref-wang', name: secretName, kind: 'person' } };
  const created = await call(server, recorder, 'POST', '/v1/projects', lead, { 'idempotency-key': 'log-key-1' });
  expect(created.status).toBe(201);
  const { projectId } = (await created.json()) as { projectId: string };
  const attempts = [
    await call(server, recorder, 'POST', '/v1/projects', lead), // 409 duplicate
    await call(server, recorder, 'POST', '/v1/projects', { ...lead, unitId: 'nowhere', referrer: { ...lead.referrer, name: `${secretName}2` } }), // 404/422
    await call(server, recorder, 'POST', '/v1/projects', { ...lead, leadOn: 'not a date', name: secretName }), // 400
    await call(server, recorder, 'POST', '/v1/projects', `{"name": "${secretName}", `), // malformed
    await call(server, recorder, 'POST', '/v1/projects', { ...lead, leadOn: '2099-01-01', investor: `${secretInvestor}3` }), // 422
    await call(server, recorder, 'POST', `/v1/projects/${projectId}/signing`, { kind: 'contract', committedInvestment: { amount: '1.00', currency: 'CNY' }, signedOn: '2026-02-01' }, { 'if-match': '7' }), // 412
    await call(server, wrongToken, 'GET', '/v1/units'), // 401
    await call(server, printed.supervisor, 'POST', '/v1/units', { unitId: 'x', name: secretName, kind: 'county' }), // 403
    await call(server, admin, 'GET', `/v1/projects/${projectId}?secret=${encodeURIComponent(secretName)}`),
  ];
  expect(attempts.map((r) => r.status).every((s) => s < 500)).toBe(true);
  expect((await stopServer(server)).code).toBe(0);
  const output = server.output();
  expect(output).toMatch(/listening on/);
  for (const secret of [...Object.values(printed), wrongToken, secretName, secretInvestor, '秘密項目']) expect(output).not.toContain(secret);
  console.log(`logs: ${attempts.length + 2} requests carrying tokens and personal data, ${output.split('\n').length} log lines, none leaked`);
}, 60_000);

it('on SIGTERM finishes the writes in flight, closes the store cleanly and exits 0', async () => {
  const server = await startServer({ LEDGER_DATA_DIR: dir, NODE_ENV: 'test' });
  const recorder = printed.recorder;
  const keys = Array.from({ length: 40 }, (_, i) => `term-${i}`);
  let first: () => void = () => undefined;
  const firstAck = new Promise<void>((resolve) => (first = resolve));
  const writes = keys.map(async (key, i) => {
    try {
      const res = await call(
        server,
        recorder,
        'POST',
        '/v1/projects',
        { name: `停機項目${i}`, investor: `停機集團${i}`, origin: 'domestic', sector: 'secondary', plannedInvestment: { amount: '1000000.00', currency: 'CNY' }, unitId: 'log-county', leadOn: '2026-01-05' },
        { 'idempotency-key': key },
      );
      if (res.status === 201) first();
      return { key, status: res.status, body: res.status === 201 ? ((await res.json()) as { eventId: string }) : null };
    } catch {
      return { key, status: 0, body: null }; // refused or cut: not acknowledged
    }
  });
  await firstAck;
  server.child.kill('SIGTERM');
  const results = await Promise.all(writes);
  const exit = await server.exited;
  expect(exit).toEqual({ code: 0, signal: null });
  // Stopped accepting: nothing but 201 or a refused connection; no half answers, no 5xx.
  expect(results.every((r) => r.status === 201 || r.status === 0)).toBe(true);
  const acked = results.filter((r) => r.status === 201);
  expect(acked.length).toBeGreaterThanOrEqual(1);
  // Closed cleanly: the last connection checkpointed the WAL away.
  expect(existsSync(join(dir, 'ledger.sqlite-wal'))).toBe(false);
  const db = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
  for (const r of acked) {
    const rows = db.prepare('SELECT event_id FROM events WHERE idempotency_key = ?').all(`recorder-1:${r.key}`) as { event_id: string }[];
    expect(rows.map((x) => x.event_id)).toEqual([r.body!.eventId]);
  }
  // Every write the server took in was answered: none is on disk without its 201.
  for (const r of results.filter((x) => x.status !== 201)) {
    expect(db.prepare('SELECT count(*) AS n FROM events WHERE idempotency_key = ?').get(`recorder-1:${r.key}`)).toEqual({ n: 0 });
  }
  db.close();
  console.log(`shutdown: SIGTERM with ${keys.length} writes in flight, ${acked.length} acknowledged and on disk, exit 0`);
}, 60_000);
