/**
 * The access log (issue 13): who read or exported statements, audit data, exports and rankings, with
 * time, route and parameters; auditors query it by actor, time, route and page; it holds no bodies and
 * no secrets (token-like query parameters are redacted).
 */
import type { AccessEntry } from '../../libs/accounts/credentials/credential-store.js';
import { bearer, signInAccount } from '../support/accounts.js';
import { startLedger, type TestLedger } from '../support/ledger-app.js';
import { closeAgent, listenOnLoopback, openApi, routesOf, type OpenApi } from '../support/http-routes.js';

let ledger: TestLedger;
let doc: OpenApi;
beforeAll(async () => {
  ledger = await startLedger();
  doc = await openApi(await listenOnLoopback(ledger.app));
});
afterAll(async () => {
  closeAgent();
  await ledger.close();
});

const log = async (query: string): Promise<{ entries: AccessEntry[]; next: string | null }> => {
  const res = await ledger.as('auditor').get(`/v1/access-log${query}`);
  expect(res.status).toBe(200);
  return res.body as { entries: AccessEntry[]; next: string | null };
};

it('lists a statement export by the person who made it, with the time, route and parameters', async () => {
  const finance = await signInAccount(ledger, 'finance');
  ledger.clock.instant = new Date(Date.now() + 3600_000);
  const at = ledger.clock.now().toISOString();
  const exported = await ledger.http().get('/v1/statements/2026-H1/export?format=csv&lang=en').set(bearer(finance.token));
  expect(exported.status).toBe(200);
  const { entries } = await log(`?actor=${finance.login}`);
  expect(entries).toEqual([
    {
      at: expect.any(String),
      actor: finance.login,
      role: 'finance',
      accountId: finance.accountId,
      method: 'GET',
      route: 'GET /v1/statements/{period}/export',
      path: '/v1/statements/2026-H1/export',
      query: { format: 'csv', lang: 'en' },
      status: 200,
    },
  ]);
  expect(entries[0].at >= at).toBe(true);
});

it('records refusals by validation too, redacting token-like parameters, and never a body', async () => {
  const res = await ledger.as('supervisor').get('/v1/statements/2026-H1/export?format=csv&access_token=sekrit-value-123');
  expect(res.status).toBe(400);
  const { entries } = await log('?actor=zhou.jian');
  expect(entries.map((e) => [e.route, e.status, e.query])).toEqual([
    ['GET /v1/statements/{period}/export', 400, { format: 'csv', access_token: '[redacted]' }],
  ]);
  expect(JSON.stringify(await log(''))).not.toContain('sekrit-value-123');
});

it('does not log writes or plain reads, only the marked reads', async () => {
  await ledger.as('admin').get('/v1/units').expect(200);
  expect((await log('?actor=admin.zhang')).entries).toEqual([]);
});

it("logs a project read only when it is an auditor's as-of replay", async () => {
  const id = '00000000-0000-4000-8000-000000000001';
  await ledger.as('auditor').get(`/v1/projects/${id}`).expect(404);
  await ledger.as('auditor').get(`/v1/projects/${id}?asOf=2026-06-30T12:00:00Z`).expect(404);
  const entries = (await log('?actor=wu.shen&route=GET%20/v1/projects/%7Bid%7D')).entries;
  expect(entries.map((e) => [e.path, e.query, e.status])).toEqual([[`/v1/projects/${id}`, { asOf: '2026-06-30T12:00:00Z' }, 404]]);
});

it('filters by route and time and pages with a cursor', async () => {
  for (let i = 0; i < 3; i++) await ledger.as('finance').get('/v1/statements/2026-H2').expect(200);
  const all = await log('?actor=sun.li&route=GET%20/v1/statements/%7Bperiod%7D');
  expect(all.entries).toHaveLength(3);
  const first = await log('?actor=sun.li&limit=2');
  expect(first.entries).toHaveLength(2);
  expect(first.next).not.toBeNull();
  const second = await log(`?actor=sun.li&limit=2&after=${first.next}`);
  expect(second.entries).toHaveLength(1);
  expect(second.next).toBeNull();
  expect((await log(`?actor=sun.li&from=${encodeURIComponent(new Date(Date.now() + 86_400_000 * 400).toISOString())}`)).entries).toEqual([]);
  expect((await log(`?actor=sun.li&to=2000-01-01T00:00:00Z`)).entries).toEqual([]);
  expect((await ledger.as('auditor').get('/v1/access-log?from=yesterday')).status).toBe(400);
  expect((await ledger.as('finance').get('/v1/access-log')).status).toBe(403);
});

it('every statement, audit, export and ranking read is marked for the log in the OpenAPI document', () => {
  const sensitive = routesOf(doc).filter(
    (r) => r.method === 'GET' && /\/export$|statements|\/events$|^\/v1\/audit\/|^\/v1\/assessments\/|^\/v1\/access-log|history$/.test(r.template),
  );
  expect(sensitive.length).toBeGreaterThanOrEqual(12);
  const unmarked = sensitive.filter((r) => !(doc.paths[r.template][r.method.toLowerCase()] as { 'x-access-logged'?: boolean })['x-access-logged']);
  expect(unmarked.map((r) => `${r.method} ${r.template}`)).toEqual([]);
});
