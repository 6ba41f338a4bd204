/**
 * No slip counted twice (DOMAIN.md): the README's curl walk-through run twice adds nothing the second
 * time; a second funding with the same bank reference, or tax with the same payment reference, on the
 * same project is 409 naming the earlier event, and a referrer's statement does not move. Every test runs
 * on a ledger of its own (a 3% reward policy issued), so the file passes in any order.
 */
import { freshLedgers, type TestLedger } from '../support/ledger-app.js';
import { head, problemOf, view, written } from './projects-fixtures.js';

const fresh = freshLedgers();
let ledger: TestLedger;

beforeEach(async () => {
  ledger = await fresh();
  await ledger.created('admin', '/v1/policies/referrer-reward', { rateBps: 300, productiveSectors: ['primary', 'secondary'], effectiveFrom: '2025-01-01' });
});

/** README "A project's life with curl", step by step, as written there (keys where the README sends them). */
async function walkThrough(): Promise<{ projectId: string; statuses: number[] }> {
  const statuses: number[] = [];
  const post = async (who: 'admin' | 'recorder' | 'assessor', path: string, body: object, key?: string) => {
    const req = ledger.as(who).post(path);
    if (key) req.set('Idempotency-Key', key);
    const res = await req.send(body);
    statuses.push(res.status);
    return res;
  };
  await post('admin', '/v1/units', { unitId: 'xiajin', name: '夏津縣', kind: 'county' });
  await post('admin', '/v1/units', { unitId: 'xiajin-beicheng', name: '北城街道', kind: 'township', parentId: 'xiajin' });
  const lead = await post(
    'recorder',
    '/v1/projects',
    {
      name: '棉紡織項目一期',
      investor: '華芳集團',
      origin: 'domestic',
      sector: 'secondary',
      plannedInvestment: { amount: '300000000.00', currency: 'CNY' },
      unitId: 'xiajin-beicheng',
      referrer: { referrerId: 'ref-wang', name: '王建國', kind: 'person' },
      leadOn: '2026-01-08',
    },
    'lead-huafang-1',
  );
  const P = written(lead).projectId;
  await post('recorder', `/v1/projects/${P}/signing`, {
    kind: 'contract',
    committedInvestment: { amount: '280000000.00', currency: 'CNY' },
    signedOn: '2026-02-10',
  });
  await post('recorder', `/v1/projects/${P}/funding-arrivals`, {
    amount: { amount: '5000000.00', currency: 'USD' },
    cnyRate: '7.1234',
    bankReference: 'BOC-2026-0312',
    arrivedOn: '2026-03-12',
  });
  await post('recorder', `/v1/projects/${P}/groundbreaking`, { brokeGroundOn: '2026-04-01' });
  await post('recorder', `/v1/projects/${P}/completion`, { completedOn: '2026-08-30' });
  await post('recorder', `/v1/projects/${P}/production`, { startedOn: '2026-09-15' });
  await post('recorder', `/v1/projects/${P}/tax-payments`, {
    amount: { amount: '1250000.00', currency: 'CNY' },
    taxMonth: '2026-09',
    paymentReference: 'TAX-0915',
    paidOn: '2026-10-10',
  });
  await post(
    'assessor',
    `/v1/projects/${P}/fixed-asset-verifications`,
    {
      plant: { amount: '90000000.00', currency: 'CNY' },
      equipment: { amount: '120000000.00', currency: 'CNY' },
      land: { amount: '30000000.00', currency: 'CNY' },
      inspectedOn: '2026-10-20',
      inspector: '陳平',
    },
    'verify-huafang-2026-10-20',
  );
  return { projectId: P, statuses };
}

describe('the README walk-through twice', () => {
  it('adds nothing the second time: funding, tax and the statement stay as after the first run', async () => {
    const first = await walkThrough();
    expect(first.statuses.every((s) => s === 201)).toBe(true);
    const headAfterFirst = await head(ledger);
    const before = view(await ledger.as('supervisor').get(`/v1/projects/${first.projectId}`).expect(200));
    expect(before.fundingArrivedCny).toEqual({ amount: '35617000.00', currency: 'CNY' });
    const statementBefore = await ledger.as('finance').get('/v1/referrers/ref-wang/statements/2026-H2').expect(200);

    const second = await walkThrough();
    expect(second.projectId).toBe(first.projectId);
    // units 422 (registered once), lead replayed, signing and stages 422, funding and tax 409, verification replayed
    expect(second.statuses).toEqual([422, 422, 201, 422, 409, 422, 422, 422, 409, 201]);
    expect(await head(ledger)).toBe(headAfterFirst);
    const after = view(await ledger.as('supervisor').get(`/v1/projects/${first.projectId}`).expect(200));
    expect(after.fundingArrivedCny).toEqual(before.fundingArrivedCny);
    expect(after.taxPaidCny).toEqual({ amount: '1250000.00', currency: 'CNY' });
    const statementAfter = await ledger.as('finance').get('/v1/referrers/ref-wang/statements/2026-H2').expect(200);
    expect(statementAfter.body).toEqual(statementBefore.body);
    expect((statementAfter.body as { total: unknown }).total).toEqual({ amount: '37500.00', currency: 'CNY' });
  });

  it('names the earlier event in the 409, and takes the slip again once that fact is voided', async () => {
    const { projectId } = await walkThrough();
    const events = (await ledger.as('auditor').get(`/v1/projects/${projectId}/events`).expect(200)).body.items as { eventId: string; type: string }[];
    const tax = events.find((e) => e.type === 'TaxPaid')!;
    const again = { amount: { amount: '40000.00', currency: 'CNY' }, taxMonth: '2026-10', paymentReference: 'tax-0915', paidOn: '2026-11-10' };
    const refused = await ledger.as('recorder').post(`/v1/projects/${projectId}/tax-payments`).send(again).expect(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(problemOf(refused).detail).toContain(tax.eventId);
    expect(refused.body).toMatchObject({ eventId: tax.eventId, rule: 'one-slip-once' });

    await ledger.created('assessor', `/v1/projects/${projectId}/voids`, { eventId: tax.eventId, reason: '重複錄入', on: '2026-11-20' });
    await ledger.created('recorder', `/v1/projects/${projectId}/tax-payments`, again);
    expect(view(await ledger.as('supervisor').get(`/v1/projects/${projectId}`).expect(200)).taxPaidCny).toEqual({ amount: '40000.00', currency: 'CNY' });
  });
});
