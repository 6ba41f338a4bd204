/**
 * Scope everywhere (issue 13): a unit-scoped assessor is confined on township targets, year closings
 * and credit moves like a recorder on projects; a recorder voids only facts it may record, judged by
 * the unit credited when the fact was recorded; a tokens-file token bound to an unregistered unit is
 * refused on every request instead of writing for every county. Every test runs on a ledger of its own, so
 * the file passes in any order.
 */
import { bearer, signIn } from '../support/accounts.js';
import { cny, freshLedgers, type TestLedger } from '../support/ledger-app.js';
import { huafangLead, registerUnits } from './projects-fixtures.js';

const fresh = freshLedgers();
let ledger: TestLedger;

/** The demo's units and a township of 慶雲縣, registered: the ledger of every test below but the first. */
async function withUnits(): Promise<void> {
  ledger = await fresh();
  await registerUnits(ledger);
  await ledger.created('admin', '/v1/units', { unitId: 'qingyun-changjia', name: '常家鎮', kind: 'township', parentId: 'qingyun' });
}

const as = (token: string) => ({
  post: (path: string, body: object) => ledger.http().post(path).set(bearer(token)).send(body),
});

const verification = { plant: cny('1000.00'), equipment: cny('500.00'), land: cny('0.00'), inspectedOn: '2026-06-01', inspector: '评审委员会' };

async function signedProject(unitId: string): Promise<string> {
  const id = (await ledger.created('recorder', '/v1/projects', huafangLead({ unitId, name: `项目 ${unitId} ${Math.random()}` }))).body.projectId as string;
  await ledger.created('recorder', `/v1/projects/${id}/signing`, { kind: 'contract', committedInvestment: cny('320000000.00'), signedOn: '2026-03-15' });
  return id;
}

const fund = async (projectId: string, arrivedOn: string) =>
  (await ledger.created('recorder', `/v1/projects/${projectId}/funding-arrivals`, { amount: cny('100.00'), bankReference: `ref-${arrivedOn}`, arrivedOn })).body
    .eventId as string;

it('refuses every request of a tokens-file token bound to a unit that is not registered, until it is', async () => {
  ledger = await fresh();
  const refused = await ledger.as('xiajinRecorder').get('/v1/projects');
  expect(refused.status).toBe(403);
  expect(refused.body.detail).toMatch(/xiajin.*not registered/);
  expect((await ledger.as('xiajinRecorder').post('/v1/projects').send(huafangLead())).status).toBe(403);
  await registerUnits(ledger);
  await ledger.created('admin', '/v1/units', { unitId: 'qingyun-changjia', name: '常家镇', kind: 'township', parentId: 'qingyun' });
  expect((await ledger.as('xiajinRecorder').get('/v1/projects')).status).toBe(200);
});

describe('a unit-scoped assessor', () => {
  let assessor = '';
  beforeEach(async () => {
    await withUnits();
    assessor = await signIn(ledger, 'assessor', 'xiajin');
  });

  it('sets targets and closes years only for townships within its unit', async () => {
    expect((await as(assessor).post('/v1/townships/xiajin-zhengbaotun/targets', { year: 2026, target: cny('1000.00') })).status).toBe(201);
    const target = await as(assessor).post('/v1/townships/qingyun-changjia/targets', { year: 2026, target: cny('1000.00') });
    expect(target.status).toBe(403);
    expect(target.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await as(assessor).post('/v1/townships/qingyun-changjia/year-closings', { year: 2025, closedOn: '2026-01-10' })).status).toBe(403);
    expect((await as(assessor).post('/v1/townships/xiajin-zhengbaotun/year-closings', { year: 2025, closedOn: '2026-01-10' })).status).not.toBe(403);
  });

  it('moves a credit only to a unit within its own', async () => {
    const projectId = await signedProject('xiajin-zhengbaotun');
    expect((await as(assessor).post(`/v1/projects/${projectId}/credit`, { unitId: 'qingyun', reason: '认定', on: '2026-04-01' })).status).toBe(403);
    expect((await as(assessor).post(`/v1/projects/${projectId}/credit`, { unitId: 'xiajin', reason: '认定', on: '2026-04-01' })).status).toBe(201);
  });
});

describe('voids', () => {
  beforeEach(withUnits);

  it("a recorder may not void an assessor's verification; an assessor may", async () => {
    const projectId = await signedProject('qingyun');
    await ledger.created('recorder', `/v1/projects/${projectId}/groundbreaking`, { brokeGroundOn: '2026-04-01' });
    const verified = (await ledger.created('assessor', `/v1/projects/${projectId}/fixed-asset-verifications`, verification)).body.eventId as string;
    const byRecorder = await ledger.as('recorder').post(`/v1/projects/${projectId}/voids`).send({ eventId: verified, reason: '错录', on: '2026-06-02' });
    expect(byRecorder.status).toBe(403);
    expect((await ledger.as('assessor').post(`/v1/projects/${projectId}/voids`).send({ eventId: verified, reason: '错录', on: '2026-06-02' })).status).toBe(
      201,
    );
  });

  it('a scoped recorder voids only facts recorded while the project was credited within its unit', async () => {
    const projectId = await signedProject('qingyun');
    const before = await fund(projectId, '2026-04-01');
    await ledger.created('assessor', `/v1/projects/${projectId}/credit`, { unitId: 'xiajin-zhengbaotun', reason: '认定', on: '2026-05-01' });
    const after = await fund(projectId, '2026-05-10');
    const recorder = await signIn(ledger, 'recorder', 'xiajin');
    const outside = await as(recorder).post(`/v1/projects/${projectId}/voids`, { eventId: before, reason: '重复入账', on: '2026-06-01' });
    expect(outside.status).toBe(403);
    expect(outside.body.detail).toMatch(/qingyun/);
    expect((await as(recorder).post(`/v1/projects/${projectId}/voids`, { eventId: after, reason: '重复入账', on: '2026-06-01' })).status).toBe(201);
  });
});
