/**
 * The built server as a child process: the first start writes a tokens file of hashes only and shows
 * the admin token once; nothing it logs afterwards holds a token, a password, a setup code or personal data; on SIGTERM it finishes the
 * writes in flight, closes the store cleanly and exits 0 with every acknowledged write on disk.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
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

/** Opens an account through the running server, sets its password with the setup code and signs in. */
async function person(server: LedgerProcess, admin: string, login: string, role: string): Promise<string> {
  const opened = await call(server, admin, 'POST', '/v1/accounts', { login, displayName: `测试${login}`, role });
  expect(opened.status).toBe(201);
  const { setupCode } = (await opened.json()) as { setupCode: string };
  printed[`${login} setup code`] = setupCode;
  const password = `很长的密码 correct horse ${role}`;
  printed[`${login} password`] = password;
  expect((await call(server, '', 'POST', '/v1/accounts/password', { login, setupCode, password })).status).toBe(204);
  const session = await call(server, '', 'POST', '/v1/sessions', { login, password });
  expect(session.status).toBe(201);
  return ((await session.json()) as { token: string }).token;
}

it('first start: a tokens file holding only the hash of one admin token, shown once; people get accounts', async () => {
  const server = await startServer({ LEDGER_DATA_DIR: dir });
  const output = server.output();
  const match = /^ {2}admin\s+(\S+)$/m.exec(output);
  expect(match).not.toBeNull();
  printed.admin = match![1];
  const file = join(dir, 'tokens.json');
  const text = readFileSync(file, 'utf8');
  const entries = JSON.parse(text) as Record<string, unknown>[];
  expect(entries).toEqual([{ tokenSha256: sha256Hex(printed.admin), actor: 'bootstrap-admin', role: 'admin' }]);
  expect(text).not.toContain(printed.admin);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  // The printed token works, and opens the accounts of the people who do the work.
  expect((await call(server, printed.admin, 'GET', '/v1/units')).status).toBe(200);
  printed.recorder = await person(server, printed.admin, 'recorder-1', 'recorder');
  printed.supervisor = await person(server, printed.admin, 'supervisor-1', 'supervisor');
  expect((await call(server, printed.supervisor, 'POST', '/v1/units', { unitId: 'x', name: 'x', kind: 'county' })).status).toBe(403);
  expect(statSync(join(dir, 'credentials.sqlite')).mode & 0o777).toBe(0o600);
  expect((await stopServer(server)).code).toBe(0);
  // Neither the passwords nor the setup codes nor the sessions went to the console.
  for (const [what, secret] of Object.entries(printed)) if (what !== 'admin') expect(server.output()).not.toContain(secret);
}, 60_000);

it('logs no token and no personal data, whatever the request', async () => {
  expect(printed.admin).toBeDefined();
  const server = await startServer({ LEDGER_DATA_DIR: dir });
  const secretName = '王秘密測試人';
  const secretInvestor = '機密投資集團甲乙';
  const wrongToken = 'wrong-token-that-must-never-be-logged-42';
  const wrongPassword = 'wrong-password-never-logged-77';
  const admin = printed.admin;
  const recorder = printed.recorder;
  await call(server, admin, 'POST', '/v1/units', { unitId: 'log-county', name: '日誌縣', kind: 'county' });
  const lead = {
    name: '秘密項目',
    investor: secretInvestor,
    origin: 'domestic',
    sector: 'secondary',
    plannedInvestment: { amount: '1000000.00', currency: 'CNY' },
    unitId: 'log-county',
    leadOn: '2026-01-05',
    referrer: { referrerId: 'ref-wang', name: secretName, kind: 'person' },
  };
  const created = await call(server, recorder, 'POST', '/v1/projects', lead, { 'idempotency-key': 'log-key-1' });
  expect(created.status).toBe(201);
  const { projectId } = (await created.json()) as { projectId: string };
  const attempts = [
    await call(server, recorder, 'POST', '/v1/projects', lead), // 409 duplicate
    await call(server, recorder, 'POST', '/v1/projects', { ...lead, unitId: 'nowhere', referrer: { ...lead.referrer, name: `${secretName}2` } }), // 404/422
    await call(server, recorder, 'POST', '/v1/projects', { ...lead, leadOn: 'not a date', name: secretName }), // 400
    await call(server, recorder, 'POST', '/v1/projects', `{"name": "${secretName}", `), // malformed
    await call(server, recorder, 'POST', '/v1/projects', { ...lead, leadOn: '2099-01-01', investor: `${secretInvestor}3` }), // 422
    await call(
      server,
      recorder,
      'POST',
      `/v1/projects/${projectId}/signing`,
      { kind: 'contract', committedInvestment: { amount: '1.00', currency: 'CNY' }, signedOn: '2026-02-01' },
      { 'if-match': '7' },
    ), // 412
    await call(server, wrongToken, 'GET', '/v1/units'), // 401
    await call(server, printed.supervisor, 'POST', '/v1/units', { unitId: 'x', name: secretName, kind: 'county' }), // 403
    await call(server, admin, 'GET', `/v1/projects/${projectId}?secret=${encodeURIComponent(secretName)}`),
    await call(server, '', 'POST', '/v1/sessions', { login: 'recorder-1', password: wrongPassword }), // 401
    await call(server, '', 'POST', '/v1/accounts/password', { login: 'recorder-1', setupCode: 'ABCD-EFGH-JKMN-PQRS', password: wrongPassword }), // 401
  ];
  expect(attempts.map((r) => r.status).every((s) => s < 500)).toBe(true);
  expect((await stopServer(server)).code).toBe(0);
  const output = server.output();
  expect(output).toMatch(/listening on/);
  for (const secret of [...Object.values(printed), wrongToken, wrongPassword, 'ABCD-EFGH-JKMN-PQRS', secretName, secretInvestor, '秘密項目'])
    expect(output).not.toContain(secret);
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
        {
          name: `停機項目${i}`,
          investor: `停機集團${i}`,
          origin: 'domestic',
          sector: 'secondary',
          plannedInvestment: { amount: '1000000.00', currency: 'CNY' },
          unitId: 'log-county',
          leadOn: '2026-01-05',
        },
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
