/**
 * Who may do what, route by route, from the running app's OpenAPI document: every write refuses
 * auditors and supervisors (403) and callers without a valid token (401), and the table in
 * docs/security.md is exactly what the guard enforces — a new route without a row fails here.
 * Every route is probed twice: with the tokens file's role tokens and with signed-in accounts of
 * each role, which must be admitted exactly alike.
 *
 * To regenerate the table after adding routes: `UPDATE_ROLE_TABLE=1 npm test -- test/security/roles.e2e.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES, type Role } from '../../libs/platform/tokens.js';
import { startLedger, type TestLedger } from '../support/ledger-app.js';
import { ROOT } from '../support/server-process.js';
import { signIn } from '../support/accounts.js';
import {
  ANONYMOUS,
  CREDENTIAL_ROUTES,
  READING_POSTS,
  ROLE_TOKENS,
  admittedRoles,
  closeAgent,
  fillPath,
  headOf,
  isWrite,
  listenOnLoopback,
  openApi,
  routesOf,
  send,
  type Route,
} from '../support/http-routes.js';

let ledger: TestLedger;
let base: string;
let routes: Route[];
const admitted = new Map<string, Role[]>();
const admittedAccounts = new Map<string, Role[]>();
const key = (r: Route) => `${r.method} ${r.template}`;
const SIGN_OUT = 'DELETE /v1/sessions/current';

/** A signed-in account of every role. */
async function accountSessions(): Promise<Record<Role, string>> {
  const sessions = {} as Record<Role, string>;
  for (const role of ROLES) sessions[role] = await signIn(ledger, role);
  return sessions;
}

beforeAll(async () => {
  ledger = await startLedger();
  base = await listenOnLoopback(ledger.app);
  routes = routesOf(await openApi(base));
  for (const route of routes) admitted.set(key(route), await admittedRoles(base, route));
  const sessions = await accountSessions();
  // Signing out ends the probing session: probed last.
  for (const route of [...routes.filter((r) => key(r) !== SIGN_OUT), ...routes.filter((r) => key(r) === SIGN_OUT)]) {
    admittedAccounts.set(key(route), await admittedRoles(base, route, sessions));
  }
}, 120_000);
afterAll(async () => {
  closeAgent();
  await ledger.close();
});

/** The "Who may do what" table of docs/security.md: `| \`METHOD /path\` | ✓ | — | … |` under a header naming the roles. */
function documentedTable(): Map<string, Role[]> {
  const text = readFileSync(join(ROOT, 'docs/security.md'), 'utf8');
  const section = text.split(/^## /m).find((s) => s.startsWith('Who may do what'));
  if (!section) throw new Error('docs/security.md has no "Who may do what" section');
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  const header = lines[0]
    .split('|')
    .map((c) => c.trim())
    .filter(Boolean);
  const roleColumns = header.slice(1) as Role[];
  expect([...roleColumns].sort()).toEqual([...ROLES].sort());
  const table = new Map<string, Role[]>();
  for (const line of lines.slice(2)) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    const route = /^`(\w+) (\S+)`$/.exec(cells[0]);
    if (!route) continue;
    table.set(
      `${route[1]} ${route[2]}`,
      roleColumns.filter((_, i) => cells[i + 1] === '✓'),
    );
  }
  return table;
}

it('finds the routes in the OpenAPI document', () => {
  expect(routes.filter(isWrite).length).toBeGreaterThanOrEqual(14);
  expect(routes.map(key)).toEqual(expect.arrayContaining(['POST /v1/projects', 'POST /v1/units', 'POST /v1/projects/{id}/signing', 'GET /v1/projects/{id}']));
});

it('admits signed-in accounts exactly where it admits the tokens of their roles', () => {
  expect(Object.fromEntries(admittedAccounts)).toEqual(Object.fromEntries(admitted));
});

it('refuses auditors and supervisors on every write, and lets nobody else write where they do not belong', () => {
  const ledgerWrites = routes.filter(isWrite).filter((r) => !CREDENTIAL_ROUTES.has(key(r)));
  const readersWriting = ledgerWrites.filter((r) => admitted.get(key(r))!.some((role) => role === 'auditor' || role === 'supervisor'));
  expect(readersWriting.map(key)).toEqual([]);
  // Every write admits someone (no dead route) and never every role.
  for (const route of ledgerWrites) {
    expect({ route: key(route), some: admitted.get(key(route))!.length > 0 }).toEqual({ route: key(route), some: true });
    expect(admitted.get(key(route))!.length).toBeLessThan(ROLES.length);
  }
});

it('a POST that readers may call appends nothing', async () => {
  for (const route of routes.filter((r) => READING_POSTS.has(key(r)))) {
    const before = await headOf(ledger);
    for (const role of admitted.get(key(route))!) {
      const reply = await send(
        base,
        route.method,
        fillPath(route, () => 'x'),
        {
          headers: { authorization: `Bearer ${ROLE_TOKENS[role]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ position: 0, digest: '0'.repeat(64) }),
        },
      );
      expect(reply.status).toBeLessThan(500);
    }
    expect(await headOf(ledger)).toBe(before);
  }
});

it('the credential routes every role may call (own sessions and tokens) append nothing to the ledger', async () => {
  const sessions = await accountSessions();
  const before = await headOf(ledger);
  for (const role of ROLES) {
    const auth = { authorization: `Bearer ${sessions[role]}`, 'content-type': 'application/json' };
    const created = await send(base, 'POST', '/v1/me/tokens', { headers: auth, body: JSON.stringify({ name: `probe ${role}` }) });
    expect({ role, status: created.status }).toEqual({ role, status: 201 });
    const { tokenId } = JSON.parse(created.text) as { tokenId: string };
    expect((await send(base, 'DELETE', `/v1/me/tokens/${tokenId}`, { headers: auth })).status).toBe(204);
    expect((await send(base, 'DELETE', '/v1/sessions/current', { headers: auth })).status).toBe(204);
  }
  expect(await headOf(ledger)).toBe(before);
  expect([...CREDENTIAL_ROUTES].filter((r) => !admitted.has(r))).toEqual([]);
});

it('the anonymous routes need no token, and nothing else is anonymous', async () => {
  for (const route of routes.filter((r) => ANONYMOUS.has(key(r)))) {
    const body = {
      login: 'nobody.at.all',
      password: 'wrong password here',
      ...(route.template.endsWith('/password') ? { setupCode: 'AAAA-BBBB-CCCC-DDDD' } : {}),
    };
    const reply = await send(base, route.method, route.template, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect({ route: key(route), status: reply.status }).toEqual({ route: key(route), status: 401 });
    expect(JSON.parse(reply.text).detail).toBe('wrong login or password');
  }
  expect(routes.filter((r) => ANONYMOUS.has(key(r))).length).toBe(ANONYMOUS.size);
});

it('answers 401 problem+json without a valid token on every route, before anything else', async () => {
  const bad: Record<string, string | undefined> = {
    none: undefined,
    'unknown token': 'Bearer unknown-token-0123456789abcdef',
    'wrong scheme': `Basic ${Buffer.from(`x:${ROLE_TOKENS.admin}`).toString('base64')}`,
    'no scheme': ROLE_TOKENS.admin,
    'empty bearer': 'Bearer ',
    'token with a suffix': `Bearer ${ROLE_TOKENS.admin}x`,
    'token prefix': `Bearer ${ROLE_TOKENS.admin.slice(0, -1)}`,
    'two tokens': `Bearer ${ROLE_TOKENS.admin} ${ROLE_TOKENS.recorder}`,
  };
  let checked = 0;
  for (const route of routes.filter((r) => !ANONYMOUS.has(key(r)))) {
    for (const [name, authorization] of Object.entries(bad)) {
      const reply = await send(
        base,
        route.method,
        fillPath(route, () => 'x'),
        {
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: route.method === 'GET' ? undefined : 'not even json',
        },
      );
      expect({ route: key(route), name, status: reply.status }).toEqual({ route: key(route), name, status: 401 });
      expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(reply.headers['www-authenticate']).toMatch(/^Bearer/);
      checked++;
    }
  }
  console.log(`401 checks: ${checked} requests over ${routes.length} routes`);
});

it('answers 403 problem+json to every role a route does not admit', async () => {
  let checked = 0;
  for (const route of routes) {
    const allowed = admitted.get(key(route))!;
    for (const role of ROLES.filter((r) => !allowed.includes(r))) {
      const reply = await send(
        base,
        route.method,
        fillPath(route, () => 'x'),
        {
          headers: { authorization: `Bearer ${ROLE_TOKENS[role]}`, 'content-type': 'application/json' },
          body: route.method === 'GET' ? undefined : '{}',
        },
      );
      expect({ route: key(route), role, status: reply.status }).toEqual({ route: key(route), role, status: 403 });
      expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
      checked++;
    }
  }
  console.log(`403 checks: ${checked} refusals over ${routes.length} routes`);
});

const tableRow = (route: string, roles: Role[]) => `| \`${route}\` | ${ROLES.map((role) => (roles.includes(role) ? '✓' : '—')).join(' | ')} |`;

/** Rewrites the table of "Who may do what" from the probed routes (UPDATE_ROLE_TABLE=1). */
function rewriteTable(actual: Map<string, Role[]>): void {
  const file = join(ROOT, 'docs/security.md');
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| route |'));
  let end = start;
  while (end < lines.length && lines[end].startsWith('|')) end++;
  const sorted = [...actual.keys()].sort((a, b) => a.split(' ')[1].localeCompare(b.split(' ')[1]) || a.localeCompare(b));
  const table = [`| route | ${ROLES.join(' | ')} |`, `|---|${ROLES.map(() => '---|').join('')}`, ...sorted.map((k) => tableRow(k, actual.get(k)!))];
  writeFileSync(file, [...lines.slice(0, start), ...table, ...lines.slice(end)].join('\n'));
}

it('matches the table in docs/security.md, route by route', () => {
  const actual = new Map(routes.map((r) => [key(r), admitted.get(key(r))!]));
  if (process.env.UPDATE_ROLE_TABLE) rewriteTable(actual);
  const documented = documentedTable();
  // A route without a row: paste the probed row into "Who may do what" in docs/security.md.
  const missing = [...actual.keys()].filter((k) => !documented.has(k)).map((k) => tableRow(k, actual.get(k)!));
  expect({ undocumentedRoutes: missing }).toEqual({ undocumentedRoutes: [] });
  for (const [route, roles] of documented) {
    expect({ route, roles: [...roles].sort() }).toEqual({ route, roles: [...(actual.get(route) ?? ['(no such route)' as Role])].sort() });
  }
  console.log(`role table: ${actual.size} routes x ${ROLES.length} roles match docs/security.md`);
});
