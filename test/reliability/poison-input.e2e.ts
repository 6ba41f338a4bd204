/**
 * Poison amounts: an amount, a rate or an amount's CNY value beyond DOMAIN.md's bounds is refused
 * with 400 naming the field, nothing is appended, and the ledger keeps answering every later write
 * and every read. Amounts at the bounds themselves are accepted and every read of them answers.
 */
import type { EventStore } from '../../libs/event-store/index.js';
import { EVENT_STORE } from '../../libs/platform/injection.js';
import { startLedger, type TestLedger, type TokenName } from '../support/ledger-app.js';
import { head, huafangLead, jinyulaiLead, problemOf, registerUnits, signedHuafang, written } from '../e2e/projects-fixtures.js';

let ledger: TestLedger;

beforeAll(async () => {
  ledger = await startLedger();
  await registerUnits(ledger);
});
afterAll(() => ledger.close());

const MAX = '1000000000000.00';

async function refusedNamingField(path: string, body: object, field: string, who: TokenName = 'recorder'): Promise<void> {
  const before = await head(ledger);
  const res = await ledger.as(who).post(path).send(body);
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(problemOf(res).errors?.map((e) => e.field)).toContain(field);
  expect(await head(ledger)).toBe(before);
}

describe('refused at the door, nothing appended, the next write 201', () => {
  let projectId: string;
  beforeAll(async () => {
    projectId = await signedHuafang(ledger);
  });

  it('the reported funding arrival: 9999999999999999.99 USD at 999999.99999999', async () => {
    await refusedNamingField(
      `/v1/projects/${projectId}/funding-arrivals`,
      { amount: { amount: '9999999999999999.99', currency: 'USD' }, cnyRate: '999999.99999999', bankReference: 'POISON-1', arrivedOn: '2026-04-01' },
      'amount.amount',
    );
    await ledger.created('recorder', `/v1/projects/${projectId}/funding-arrivals`, {
      amount: { amount: '1000.00', currency: 'CNY' },
      bankReference: 'AFTER-POISON-1',
      arrivedOn: '2026-04-02',
    });
  });

  it('an amount within the bound whose CNY value is not (rate beside the amount)', async () => {
    await refusedNamingField(
      `/v1/projects/${projectId}/funding-arrivals`,
      { amount: { amount: '900000000000.00', currency: 'USD' }, cnyRate: '7.1234', bankReference: 'POISON-2', arrivedOn: '2026-04-01' },
      'cnyRate',
    );
  });

  it('an amount within the bound whose CNY value is not (rate inside the amount)', async () => {
    await refusedNamingField(
      `/v1/projects/${projectId}/funding-arrivals`,
      { amount: { amount: '900000000000.00', currency: 'USD', cnyRate: '7.1234' }, bankReference: 'POISON-3', arrivedOn: '2026-04-01' },
      'amount.cnyRate',
    );
  });

  it('a rate of 10,000 or more, or with nine fraction digits', async () => {
    for (const cnyRate of ['10000', '10000.5', '0.000000001', '0']) {
      await refusedNamingField(
        `/v1/projects/${projectId}/funding-arrivals`,
        { amount: { amount: '1.00', currency: 'USD', cnyRate }, bankReference: `RATE-${cnyRate}`, arrivedOn: '2026-04-01' },
        'amount.cnyRate',
      );
    }
  });

  it('a huge foreign plannedInvestment and committedInvestment', async () => {
    await refusedNamingField('/v1/projects', jinyulaiLead({ plannedInvestment: { amount: '999999999999.99', currency: 'USD', cnyRate: '9999.99999999' } }), 'plannedInvestment.cnyRate');
    await refusedNamingField('/v1/projects', huafangLead({ name: 'poison', plannedInvestment: { amount: '1000000000000.01', currency: 'CNY' } }), 'plannedInvestment.amount');
    const lead = written(await ledger.created('recorder', '/v1/projects', jinyulaiLead())).projectId;
    await refusedNamingField(
      `/v1/projects/${lead}/signing`,
      { kind: 'contract', committedInvestment: { amount: '999999999999.99', currency: 'USD', cnyRate: '9999.99999999' }, signedOn: '2026-03-01' },
      'committedInvestment.cnyRate',
    );
    await ledger.created('recorder', `/v1/projects/${lead}/signing`, {
      kind: 'contract',
      committedInvestment: { amount: '1000000.00', currency: 'USD', cnyRate: '7.1234' },
      signedOn: '2026-03-01',
    });
  });

  it('a tax payment or a verification above the bound', async () => {
    await refusedNamingField(
      `/v1/projects/${projectId}/tax-payments`,
      { amount: { amount: '1000000000000.01', currency: 'CNY' }, taxMonth: '2026-03', paymentReference: 'TAX-POISON', paidOn: '2026-04-01' },
      'amount.amount',
    );
    await refusedNamingField(
      `/v1/projects/${projectId}/fixed-asset-verifications`,
      { plant: { amount: '99999999999999.99', currency: 'CNY' }, equipment: { amount: '0.00', currency: 'CNY' }, land: { amount: '0.00', currency: 'CNY' }, inspectedOn: '2026-04-01', inspector: '劉工' },
      'plant.amount',
      'assessor',
    );
  });
});

describe('amounts at the bounds: accepted, and every read still answers', () => {
  let projectId: string;
  const unitId = 'xiajin-zhengbaotun';

  beforeAll(async () => {
    projectId = written(
      await ledger.created('recorder', '/v1/projects', jinyulaiLead({ name: '上限項目', unitId, leadOn: '2025-02-03', plannedInvestment: { amount: '100000000.00', currency: 'USD', cnyRate: '9999.99999999' } })),
    ).projectId;
    await ledger.created('recorder', `/v1/projects/${projectId}/signing`, {
      kind: 'contract',
      committedInvestment: { amount: '100000000.00', currency: 'USD', cnyRate: '9999.99999999' },
      signedOn: '2025-03-01',
    });
    for (let i = 0; i < 5; i++) {
      await ledger.created('recorder', `/v1/projects/${projectId}/funding-arrivals`, {
        amount: { amount: MAX, currency: 'CNY' },
        bankReference: `MAX-${i}`,
        arrivedOn: '2025-04-01',
      });
    }
    await ledger.created('recorder', `/v1/projects/${projectId}/groundbreaking`, { brokeGroundOn: '2025-04-02' });
    await ledger.created('recorder', `/v1/projects/${projectId}/completion`, { completedOn: '2025-04-03' });
    await ledger.created('recorder', `/v1/projects/${projectId}/production`, { startedOn: '2025-04-04' });
    for (let i = 0; i < 3; i++) {
      await ledger.created('assessor', `/v1/projects/${projectId}/fixed-asset-verifications`, {
        plant: { amount: MAX, currency: 'CNY' },
        equipment: { amount: MAX, currency: 'CNY' },
        land: { amount: MAX, currency: 'CNY' },
        inspectedOn: '2025-04-05',
        inspector: '劉工',
      });
      await ledger.created('recorder', `/v1/projects/${projectId}/tax-payments`, {
        amount: { amount: MAX, currency: 'CNY' },
        taxMonth: '2025-04',
        paymentReference: `MAX-TAX-${i}`,
        paidOn: '2025-04-10',
      });
    }
    await ledger.created('assessor', `/v1/townships/${unitId}/targets`, { year: 2025, target: { amount: MAX, currency: 'CNY' } });
  });

  it('the project, the list, stalled projects, unit rates, assessments and the township answer 200', async () => {
    for (const path of [
      `/v1/projects/${projectId}`,
      '/v1/projects',
      '/v1/projects/stalled?asOf=2026-11-26',
      `/v1/units/${unitId}/rates?signedFrom=2025-01-01&signedTo=2025-12-31`,
      '/v1/assessments/2025?kind=county',
      '/v1/assessments/2025?kind=township',
      `/v1/townships/${unitId}`,
    ]) {
      const res = await ledger.as('supervisor').get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    const project = await ledger.as('recorder').get(`/v1/projects/${projectId}`).expect(200);
    expect(project.body.fundingArrivedCny).toEqual({ amount: '5000000000000.00', currency: 'CNY' });
  });

  it("the township's year closes with the exact sum", async () => {
    const res = await ledger.created('assessor', `/v1/townships/${unitId}/year-closings`, { year: 2025, closedOn: '2026-01-05' });
    expect(res.body.actual).toEqual({ amount: '5000000000000.00', currency: 'CNY' });
  });

  it('the next write on any stream is 201', async () => {
    await ledger.created('recorder', '/v1/projects', huafangLead({ name: '其後項目' }));
  });
});

describe('a ledger an earlier build poisoned', () => {
  it('an oversized funding stored before the bounds existed no longer breaks writes or reads, across a restart', async () => {
    const projectId = written(await ledger.created('recorder', '/v1/projects', huafangLead({ name: '舊毒項目' }))).projectId;
    await ledger.created('recorder', `/v1/projects/${projectId}/signing`, {
      kind: 'contract',
      committedInvestment: { amount: '320000000.00', currency: 'CNY' },
      signedOn: '2026-03-15',
    });
    // What the looser build stored: 9999999999999999.99 USD at 999999.99999999, its CNY value 22 digits long.
    const store = ledger.app.get<symbol, EventStore>(EVENT_STORE);
    const stream = `project-${projectId}`;
    const revision = (await store.readStream(stream)).length - 1;
    await store.append(
      stream,
      [
        {
          type: 'FundingArrived',
          data: {
            amount: { amount: '9999999999999999.99', currency: 'USD', cnyRate: '999999.99999999', cny: '9999999999999999890000.00' },
            bankReference: 'OLD-POISON',
            arrivedOn: '2026-04-01',
          },
          occurredOn: '2026-04-01',
          actor: 'li.ming',
          role: 'recorder',
        },
      ],
      { expectedRevision: revision },
    );
    await ledger.restart();
    const health = await ledger.http().get('/health');
    expect({ status: health.status, projector: health.body.projector }).toEqual({ status: 200, projector: undefined });
    expect(Math.min(...Object.values(health.body.projections as Record<string, number>))).toBe(health.body.head);
    const project = await ledger.as('recorder').get(`/v1/projects/${projectId}`).expect(200);
    expect(project.body.fundingArrivedCny).toEqual({ amount: '9999999999999999890000.00', currency: 'CNY' });
    for (const path of ['/v1/projects', '/v1/projects/stalled?asOf=2026-11-26', '/v1/units/xiajin-zhengbaotun/rates', '/v1/assessments/2026?kind=township', '/v1/townships/xiajin-zhengbaotun']) {
      expect({ path, status: (await ledger.as('supervisor').get(path)).status }).toEqual({ path, status: 200 });
    }
    await ledger.created('recorder', `/v1/projects/${projectId}/funding-arrivals`, { amount: { amount: '1.00', currency: 'CNY' }, bankReference: 'AFTER-OLD', arrivedOn: '2026-04-02' });
  });
});
