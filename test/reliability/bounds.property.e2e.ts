/**
 * Property: amounts at DOMAIN.md's bounds × rates at theirs × many events never make the ledger
 * throw. Random project lives are written through the API with amounts and rates drawn from the edges
 * (10^12, one fen, the largest and smallest rates): each write is 201 exactly when the amount and its
 * CNY value fit the bound and 400 otherwise, never 5xx; and after every run every read route
 * (projects, units, stalled, assessments, townships, promotion, statements, audit, exports) answers 200,
 * so every projection and every query is total over what was accepted.
 */
import fc from 'fast-check';
import { cnyValueFits, isAmount } from '../../libs/kernel/index.js';
import { startLedger, type TestLedger, type TokenName } from '../support/ledger-app.js';
import { registerUnits } from '../e2e/projects-fixtures.js';

let ledger: TestLedger;
const projects: string[] = [];
const TOWNSHIP = 'xiajin-zhengbaotun';
const MAX = '1000000000000.00';

beforeAll(async () => {
  ledger = await startLedger();
  await registerUnits(ledger);
  await ledger.created('admin', '/v1/policies/referrer-reward', { rateBps: 10_000, productiveSectors: ['primary', 'secondary', 'tertiary', 'real_estate'], effectiveFrom: '2024-01-01' });
  await ledger.created('admin', '/v1/policies/assessment', {
    minimumProjectCny: { amount: MAX, currency: 'CNY' },
    fixedAssetSectors: ['primary', 'secondary'],
    realEstateTaxMultiplier: 100,
    effectiveFrom: '2024-01-01',
  });
  await ledger.created('admin', `/v1/townships/${TOWNSHIP}/officials`, { officialId: 'off-1', name: '張書記', post: 'party_secretary', from: '2024-01-01' });
  await ledger.created('assessor', `/v1/townships/${TOWNSHIP}/targets`, { year: 2025, target: { amount: MAX, currency: 'CNY' } });
});
afterAll(() => ledger.close());

const amountArb = fc.constantFrom(MAX, '999999999999.99', '1000000000000.01', '0.01', '1.00', '123456789.12');
const rateArb = fc.constantFrom('9999.99999999', '0.00000001', '7.1234', '1');
const moneyArb = fc.record({ amount: amountArb, currency: fc.constantFrom('CNY', 'USD', 'JPY'), cnyRate: rateArb });

type Money = { amount: string; currency: string; cnyRate: string };
const asInput = (m: Money) => (m.currency === 'CNY' ? { amount: m.amount, currency: 'CNY' } : m);
const fits = (m: Money) => isAmount(m.amount) && (m.currency === 'CNY' || cnyValueFits(m.amount, m.cnyRate));

const lifeArb = fc.record({
  planned: moneyArb,
  committed: moneyArb,
  fundings: fc.array(moneyArb, { minLength: 1, maxLength: 4 }),
  taxes: fc.array(amountArb, { minLength: 1, maxLength: 3 }),
  verifications: fc.array(fc.tuple(amountArb, amountArb, amountArb), { maxLength: 2 }),
  sector: fc.constantFrom('primary', 'secondary', 'tertiary', 'real_estate'),
  stage: fc.nat(3),
});

type Life = typeof lifeArb extends fc.Arbitrary<infer T> ? T : never;

let refs = 0;

/** Posts and insists on 201 when `accepted`, on 400 otherwise; returns the body on 201. */
async function write(who: TokenName, path: string, body: object, accepted: boolean): Promise<Record<string, unknown> | null> {
  const res = await ledger.as(who).post(path).send(body);
  expect({ path, body, status: res.status }).toEqual({ path, body, status: accepted ? 201 : 400 });
  return accepted ? (res.body as Record<string, unknown>) : null;
}

async function live(life: Life): Promise<void> {
  const n = projects.length + refs++;
  const lead = {
    name: `邊界項目 ${n}`,
    investor: `投資方 ${n}`,
    origin: life.planned.currency === 'CNY' ? 'domestic' : 'foreign',
    sector: life.sector,
    plannedInvestment: asInput(life.planned),
    unitId: TOWNSHIP,
    referrer: { referrerId: 'ref-edge', name: '邊界', kind: 'person' },
    leadOn: '2025-01-10',
  };
  const created = await write('recorder', '/v1/projects', lead, fits(life.planned));
  if (!created) return;
  const id = String(created.projectId);
  projects.push(id);
  const at = (path: string) => `/v1/projects/${id}/${path}`;
  if (!(await write('recorder', at('signing'), { kind: 'contract', committedInvestment: asInput(life.committed), signedOn: '2025-02-01' }, fits(life.committed)))) return;
  for (const f of life.fundings) await write('recorder', at('funding-arrivals'), { amount: asInput(f), bankReference: `EDGE-${refs++}`, arrivedOn: '2025-03-01' }, fits(f));
  if (life.stage < 1) return;
  await write('recorder', at('groundbreaking'), { brokeGroundOn: '2025-03-05' }, true);
  for (const [plant, equipment, land] of life.verifications) {
    const cny = (amount: string) => ({ amount, currency: 'CNY' });
    await write('assessor', at('fixed-asset-verifications'), { plant: cny(plant), equipment: cny(equipment), land: cny(land), inspectedOn: '2025-03-10', inspector: '劉工' }, [plant, equipment, land].every((a) => isAmount(a)));
  }
  if (life.stage < 2) return;
  await write('recorder', at('completion'), { completedOn: '2025-04-01' }, true);
  await write('recorder', at('production'), { startedOn: '2025-05-01' }, true);
  for (const tax of life.taxes) {
    await write('recorder', at('tax-payments'), { amount: { amount: tax, currency: 'CNY' }, taxMonth: '2025-05', paymentReference: `EDGE-TAX-${refs++}`, paidOn: '2025-06-10' }, isAmount(tax));
  }
}

const READS = [
  '/v1/projects?limit=200',
  '/v1/projects/stalled?asOf=2026-11-26',
  `/v1/units/${TOWNSHIP}/rates?signedFrom=2025-01-01&signedTo=2025-12-31`,
  '/v1/units/xiajin/rates',
  '/v1/assessments/2025?kind=county',
  '/v1/assessments/2025?kind=township',
  '/v1/assessments/2025-H1?kind=township',
  '/v1/assessments/2025/export?kind=township&format=csv',
  '/v1/projects/stalled/export?format=csv',
  `/v1/townships/${TOWNSHIP}`,
  '/v1/officials/off-1/promotion-eligibility?on=2026-11-26',
  '/v1/promotion-bans?activeOn=2026-11-26',
  '/v1/promotion-bans/export?format=csv&activeOn=2026-11-26',
  '/v1/referrers/ref-edge/statements/2025-H1',
  '/v1/statements/2025-H1',
  '/v1/statements/2025-H1/export?format=csv',
  '/v1/audit/verify',
  '/v1/audit/digest',
  '/v1/audit/export',
];

async function everyReadAnswers(): Promise<void> {
  const who: TokenName[] = ['supervisor', 'auditor', 'finance'];
  const paths = [...READS, ...projects.flatMap((id) => [`/v1/projects/${id}`, `/v1/projects/${id}/events`, `/v1/audit/projects/${id}/timeline`])];
  for (const path of paths) {
    const statuses = await Promise.all(who.map(async (w) => (await ledger.as(w).get(path)).status));
    // Each route admits some of these roles: at least one answers 200, and none answers 5xx.
    expect({ path, ok: statuses.includes(200), serverError: statuses.some((s) => s >= 500) }).toEqual({ path, ok: true, serverError: false });
  }
}

it('edge amounts × edge rates × many events: writes are 201 or 400 by the bound, every read answers', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(lifeArb, { minLength: 1, maxLength: 4 }), async (lives) => {
      for (const life of lives) await live(life);
      await everyReadAnswers();
    }),
    { numRuns: 6 },
  );
  // The township's year over all of it closes, with its exact actual.
  const closing = await ledger.created('assessor', `/v1/townships/${TOWNSHIP}/year-closings`, { year: 2025, closedOn: '2026-01-05' });
  expect(closing.body.actual.amount).toMatch(/^\d+\.\d{2}$/);
  await everyReadAnswers();
}, 300_000);
