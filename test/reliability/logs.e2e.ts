/**
 * The built server's logs (on Node 20, as shipped): stdout is JSON lines only (pino), never ANSI
 * colour; every request has one access line under the X-Request-Id it was answered with, holding
 * no token, body or query string; the first start's admin token is one framed block on stderr, never
 * on stdout among the JSON lines.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, startServer, stopServer } from '../support/server-process.js';

let dir: string;
beforeAll(async () => {
  await buildServer();
  dir = mkdtempSync(join(tmpdir(), 'ledger-logs-'));
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type LogLine = { level: number; time: string; msg: string; req?: { id: string; method: string; path: string }; res?: { status: number }; actor?: string };
const jsonLines = (stdout: string): LogLine[] =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as LogLine);

it('first start: the admin token is one block on stderr, stdout stays JSON lines', async () => {
  const first = join(dir, 'first');
  const server = await startServer({ LEDGER_DATA_DIR: first });
  expect((await stopServer(server)).code).toBe(0);
  const stderr = server.output().replace(server.stdout(), '');
  expect(stderr).toMatch(/={72}\nFirst start: a bootstrap admin token[^]*\n {2}admin +\S+\n={72}\n/);
  const token = /^ {2}admin +(\S+)$/m.exec(stderr)![1];
  expect(server.stdout()).not.toContain(token);
  expect(server.stdout()).not.toMatch(/First start:/);
  expect(jsonLines(server.stdout()).some((l) => /bootstrap admin token was shown once/.test(l.msg))).toBe(true);
}, 60_000);

it('one JSON access line per request under its request id; no token, body, query or colour', async () => {
  const tokens = { admin: 'logs-admin-token-0123456789', recorder: 'logs-recorder-token-0123456789' };
  const tokensFile = join(dir, 'tokens.json');
  writeFileSync(
    tokensFile,
    JSON.stringify([
      { token: tokens.admin, actor: 'log.admin', role: 'admin' },
      { token: tokens.recorder, actor: 'log.recorder', role: 'recorder' },
    ]),
  );
  const server = await startServer({ LEDGER_DATA_DIR: join(dir, 'second'), LEDGER_TOKENS_FILE: tokensFile });
  const secret = '機密投資集團甲乙';
  const call = (token: string, method: string, path: string, body?: object, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: body && JSON.stringify(body),
    });
  const replies = [
    await call(tokens.admin, 'POST', '/v1/units', { unitId: 'log-county', name: secret, kind: 'county' }),
    await call(tokens.recorder, 'POST', '/v1/units', { unitId: 'x', name: secret, kind: 'county' }), // 403
    await call('not-a-token-of-this-ledger-42', 'GET', '/v1/units'), // 401
    await call(tokens.admin, 'GET', `/v1/units?secret=${encodeURIComponent(secret)}`, undefined, { 'x-request-id': 'caller-chosen-id-1' }),
    await call(tokens.admin, 'GET', '/v1/projects/no-such-project'), // 404
  ];
  expect(replies.map((r) => r.status)).toEqual([201, 403, 401, 200, 404]);
  expect(replies[3].headers.get('x-request-id')).toBe('caller-chosen-id-1');
  expect((await stopServer(server)).code).toBe(0);
  const stdout = server.stdout();
  expect(stdout).not.toContain('\u001b[');
  for (const leak of [...Object.values(tokens), 'not-a-token-of-this-ledger-42', secret, 'secret=']) expect(stdout).not.toContain(leak);
  const lines = jsonLines(stdout);
  expect(lines.some((l) => /listening on/.test(l.msg))).toBe(true);
  const access = lines.filter((l) => l.msg === 'request');
  for (const reply of replies) {
    const id = reply.headers.get('x-request-id');
    expect(access.filter((l) => l.req!.id === id).map((l) => l.res!.status)).toEqual([reply.status]);
  }
  expect(access.find((l) => l.req!.id === 'caller-chosen-id-1')).toMatchObject({
    req: { method: 'GET', path: '/v1/units' },
    res: { status: 200 },
    actor: 'log.admin',
  });
}, 60_000);
