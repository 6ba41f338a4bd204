/**
 * Many clients racing on one stream over real HTTP: with If-Match exactly one of N wins and the rest
 * are 412; without it none conflicts (the stream's commands queue) and every write lands once; one
 * Idempotency-Key sent concurrently appends once and every caller gets the same answer.
 */
import { startLedger, type TestLedger } from '../support/ledger-app.js';
import { ROLE_TOKENS, closeAgent, headOf, listenOnLoopback, send } from '../support/http-routes.js';

const N = 24;
let ledger: TestLedger;
let base: string;
let writesChecked = 0;

beforeAll(async () => {
  ledger = await startLedger();
  base = await listenOnLoopback(ledger.app);
  await ledger.as('admin').post('/v1/units').send({ unitId: 'race-county', name: '競速縣', kind: 'county' }).expect(201);
});
afterAll(async () => {
  closeAgent();
  await ledger.close();
  console.log(`concurrency: ${writesChecked} racing writes checked`);
});

const post = (path: string, body: object, headers: Record<string, string> = {}) =>
  send(base, 'POST', path, {
    headers: { authorization: `Bearer ${ROLE_TOKENS.recorder}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

async function signedProject(name: string): Promise<string> {
  const lead = await post('/v1/projects', {
    name,
    investor: `${name}集團`,
    origin: 'domestic',
    sector: 'secondary',
    plannedInvestment: { amount: '1000000.00', currency: 'CNY' },
    unitId: 'race-county',
    leadOn: '2026-01-05',
  });
  expect(lead.status).toBe(201);
  const { projectId } = JSON.parse(lead.text) as { projectId: string };
  expect(
    (
      await post(`/v1/projects/${projectId}/signing`, {
        kind: 'contract',
        committedInvestment: { amount: '900000.00', currency: 'CNY' },
        signedOn: '2026-02-01',
      })
    ).status,
  ).toBe(201);
  return projectId;
}

const funding = (i: number) => ({ amount: { amount: `${i + 1}.00`, currency: 'CNY' }, bankReference: `race-${i}`, arrivedOn: '2026-03-01' });
const revisionOf = async (projectId: string) =>
  ((await ledger.as('auditor').get(`/v1/projects/${projectId}/events`)).body as { items: { revision: number }[] }).items.length - 1;

it(`exactly one of ${N} concurrent writes with the same If-Match wins; the rest are 412`, async () => {
  const projectId = await signedProject('並發項目甲');
  for (let round = 0; round < 3; round++) {
    const revision = await revisionOf(projectId);
    const replies = await Promise.all(
      Array.from({ length: N }, (_, i) => post(`/v1/projects/${projectId}/funding-arrivals`, funding(round * N + i), { 'if-match': String(revision) })),
    );
    writesChecked += N;
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 201)).toEqual(Array(N - 1).fill(412));
    for (const r of replies.filter((x) => x.status !== 201)) expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await revisionOf(projectId)).toBe(revision + 1);
  }
});

it(`without If-Match, ${N} concurrent writes on one project: every one lands, once, none conflicts`, async () => {
  const projectId = await signedProject('並發項目乙');
  const before = await revisionOf(projectId);
  const replies = await Promise.all(Array.from({ length: N }, (_, i) => post(`/v1/projects/${projectId}/funding-arrivals`, funding(100 + i))));
  writesChecked += N;
  expect(replies.map((r) => r.status)).toEqual(Array(N).fill(201));
  expect(await revisionOf(projectId)).toBe(before + N);
  const revisions = replies.map((r) => (JSON.parse(r.text) as { revision: number }).revision).sort((a, b) => a - b);
  expect(revisions).toEqual(Array.from({ length: N }, (_, i) => before + 1 + i));
});

it(`one Idempotency-Key sent ${N} times at once appends once, and every caller gets the first answer`, async () => {
  const projectId = await signedProject('並發項目丙');
  const head = await headOf(ledger);
  const replies = await Promise.all(
    Array.from({ length: N }, () => post(`/v1/projects/${projectId}/funding-arrivals`, funding(999), { 'idempotency-key': 'race-key-1' })),
  );
  writesChecked += N;
  expect(replies.map((r) => r.status)).toEqual(Array(N).fill(201));
  expect(new Set(replies.map((r) => r.text)).size).toBe(1);
  expect(await headOf(ledger)).toBe(head + 1);
});

it(`one Idempotency-Key on a new project sent ${N} times at once creates one project`, async () => {
  const head = await headOf(ledger);
  const body = {
    name: '冪等項目',
    investor: '冪等集團',
    origin: 'domestic',
    sector: 'secondary',
    plannedInvestment: { amount: '1000000.00', currency: 'CNY' },
    unitId: 'race-county',
    leadOn: '2026-01-05',
  };
  const replies = await Promise.all(Array.from({ length: N }, () => post('/v1/projects', body, { 'idempotency-key': 'race-lead-1' })));
  writesChecked += N;
  expect(replies.map((r) => r.status)).toEqual(Array(N).fill(201));
  expect(new Set(replies.map((r) => (JSON.parse(r.text) as { projectId: string }).projectId)).size).toBe(1);
  expect(await headOf(ledger)).toBe(head + 1);
});

it('one Idempotency-Key with different bodies at once: one wins, the others are 409, one append', async () => {
  const projectId = await signedProject('並發項目丁');
  const head = await headOf(ledger);
  const replies = await Promise.all(
    Array.from({ length: N }, (_, i) => post(`/v1/projects/${projectId}/funding-arrivals`, funding(500 + i), { 'idempotency-key': 'race-key-2' })),
  );
  writesChecked += N;
  expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
  expect(replies.filter((r) => r.status !== 201).map((r) => r.status)).toEqual(Array(N - 1).fill(409));
  expect(await headOf(ledger)).toBe(head + 1);
});
