/**
 * Lifelong referrer rewards over HTTP (API.md "Set-up" policies, "Finance"): a policy, a referred
 * project paying tax, the statement, the payout flow (wrong amount 422, second payout 409, wrong role
 * 403, idempotent replay), late tax and a void after the payout as adjustments, the exports (API and
 * CLI) and rebuild-equals-live. Every test runs on a ledger of its own, so the file passes in any order.
 */
import { PassThrough } from 'node:stream';
import { readXlsx } from '../../libs/platform/testing/read-xlsx.js';
import { parseCommandLine } from '../../libs/platform/cli/cli-command.js';
import { Projector } from '../../libs/projector/index.js';
import { exportStatementsCommand } from '../../libs/rewards/index.js';
import { binary, cny, freshLedgers, type TestLedger, type TokenName } from '../support/ledger-app.js';

/** Every ledger of this suite: its clock on 2026-07-20. */
const fresh = freshLedgers({ now: '2026-07-20T04:00:00Z' });

const payout = { period: '2026-H1', amount: cny('4500.02'), paymentReference: 'ICBC-20260715-0001', paidOn: '2026-07-15' };

interface Referred {
  ledger: TestLedger;
  projectId: string;
  /** The first tax payment (2026-03, 100,000.00). */
  firstTax: string;
  policyId: string;
}

/** A 3% policy and 王建國's referred project in production, paying 150,000.50 of tax in 2026-H1. */
async function referredProject(ledger: TestLedger): Promise<Referred> {
  const ok = (who: TokenName, path: string, body: object) => ledger.created(who, path, body);
  const policyId = (await ok('admin', '/v1/policies/referrer-reward', { rateBps: 300, effectiveFrom: '2025-01-01' })).body.policyId as string;
  await ok('admin', '/v1/units', { unitId: 'xiajin', name: '夏津縣', kind: 'county' });
  const lead = await ok('recorder', '/v1/projects', {
    name: '棉紡織項目一期',
    investor: '華芳集團',
    origin: 'domestic',
    sector: 'secondary',
    plannedInvestment: cny('300000000.00'),
    unitId: 'xiajin',
    referrer: { referrerId: 'ref-wang', name: '王建國', kind: 'person' },
    leadOn: '2025-03-01',
  });
  const projectId = lead.body.projectId as string;
  await ok('recorder', `/v1/projects/${projectId}/signing`, { kind: 'contract', committedInvestment: cny('300000000.00'), signedOn: '2025-04-01' });
  await ok('recorder', `/v1/projects/${projectId}/groundbreaking`, { brokeGroundOn: '2025-05-01' });
  await ok('recorder', `/v1/projects/${projectId}/completion`, { completedOn: '2025-10-01' });
  await ok('recorder', `/v1/projects/${projectId}/production`, { startedOn: '2025-12-01' });
  const tax = { taxMonth: '2026-03', paymentReference: 'TAX-1' };
  const firstTax = (await ok('recorder', `/v1/projects/${projectId}/tax-payments`, { ...tax, amount: cny('100000.00'), paidOn: '2026-03-15' })).body
    .eventId as string;
  await ok('recorder', `/v1/projects/${projectId}/tax-payments`, {
    ...tax,
    amount: cny('50000.50'),
    taxMonth: '2026-06',
    paymentReference: 'TAX-2',
    paidOn: '2026-06-30',
  });
  return { ledger, projectId, firstTax, policyId };
}

/** The referred project with 2026-H1 paid out (4,500.02). */
async function paidOut(ledger: TestLedger): Promise<Referred> {
  const referred = await referredProject(ledger);
  await ledger.created('finance', '/v1/referrers/ref-wang/payouts', payout);
  return referred;
}

/** After the payout, late tax for 2026-H1 and a void of its first tax: adjustments on 2026-H2. */
async function adjusted(ledger: TestLedger): Promise<Referred> {
  const referred = await paidOut(ledger);
  const { projectId, firstTax } = referred;
  await ledger.created('recorder', `/v1/projects/${projectId}/tax-payments`, {
    amount: cny('1000.00'),
    taxMonth: '2026-06',
    paymentReference: 'TAX-late',
    paidOn: '2026-06-20',
  });
  await ledger.created('assessor', `/v1/projects/${projectId}/voids`, { eventId: firstTax, reason: '稅票作廢', on: '2026-07-18' });
  return referred;
}

async function paidStatements(ledger: TestLedger): Promise<number> {
  const res = await ledger.as('finance').get('/v1/statements/2026-H1').expect(200);
  return (res.body.statements as { paid: unknown }[]).filter((s) => s.paid !== null).length;
}

describe('referrer rewards and payouts', () => {
  it('sets up a 3% policy (admin only) and a referred project in production', async () => {
    const ledger = await fresh();
    await ledger.as('finance').post('/v1/policies/referrer-reward').send({ rateBps: 300, effectiveFrom: '2025-01-01' }).expect(403);
    const zero = await ledger.as('admin').post('/v1/policies/referrer-reward').send({ rateBps: 0, effectiveFrom: '2025-01-01' }).expect(422);
    expect(zero.body.rule).toBe('rate-bps');
    const { projectId } = await referredProject(ledger);
    const project = await ledger.as('finance').get(`/v1/projects/${projectId}`).expect(200);
    expect(project.body).toMatchObject({ stage: 'in_production', taxPaidCny: cny('150000.50'), referrer: { referrerId: 'ref-wang' } });
  });

  it('shows the half-year statement: one line per project, half-up once', async () => {
    const { ledger, projectId } = await referredProject(await fresh());
    const res = await ledger.as('finance').get('/v1/referrers/ref-wang/statements/2026-H1').expect(200);
    // 150,000.50 × 3% = 4,500.015 → 4,500.02
    expect(res.body).toEqual({
      referrerId: 'ref-wang',
      period: '2026-H1',
      lines: [{ projectId, taxPaidCny: cny('150000.50'), rateBps: 300, reward: cny('4500.02') }],
      adjustments: [],
      total: cny('4500.02'),
      paid: null,
    });
    await ledger.as('recorder').get('/v1/referrers/ref-wang/statements/2026-H1').expect(403);
    await ledger.as('supervisor').get('/v1/referrers/nobody/statements/2026-H1').expect(404);
    await ledger.as('auditor').get('/v1/referrers/ref-wang/statements/2026-Q1').expect(400);
  });

  it('refuses a payout of another amount (422), from another role (403), or malformed (400)', async () => {
    const { ledger } = await referredProject(await fresh());
    const wrong = await ledger
      .as('finance')
      .post('/v1/referrers/ref-wang/payouts')
      .send({ ...payout, amount: cny('4500.01') })
      .expect(422);
    expect(wrong.body.rule).toBe('amount-equals-total');
    expect(wrong.body.detail).toContain('4500.02');
    await ledger.as('admin').post('/v1/referrers/ref-wang/payouts').send(payout).expect(403);
    await ledger.as('auditor').post('/v1/referrers/ref-wang/payouts').send(payout).expect(403);
    await ledger
      .as('finance')
      .post('/v1/referrers/ref-wang/payouts')
      .send({ ...payout, period: '2026-Q2' })
      .expect(400);
    await ledger.as('finance').post('/v1/referrers/nobody/payouts').send(payout).expect(404);
    const early = await ledger
      .as('finance')
      .post('/v1/referrers/ref-wang/payouts')
      .send({ ...payout, paidOn: '2026-06-30' })
      .expect(422);
    expect(early.body.rule).toBe('after-period-end');
    const stale = await ledger.as('finance').post('/v1/referrers/ref-wang/payouts').set('If-Match', '99').send(payout).expect(412);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await paidStatements(ledger)).toBe(0);
  });

  it('records the payout once: the statement is frozen, a replay answers the same, a second payout is 409', async () => {
    const { ledger } = await referredProject(await fresh());
    const paid = await ledger.as('finance').post('/v1/referrers/ref-wang/payouts').set('Idempotency-Key', 'pay-wang-2026-H1').send(payout).expect(201);
    expect(paid.body).toMatchObject({
      referrerId: 'ref-wang',
      period: '2026-H1',
      total: cny('4500.02'),
      paid: { amount: cny('4500.02'), paymentReference: payout.paymentReference, paidOn: '2026-07-15' },
    });
    const replay = await ledger.as('finance').post('/v1/referrers/ref-wang/payouts').set('Idempotency-Key', 'pay-wang-2026-H1').send(payout).expect(201);
    expect(replay.body).toEqual(paid.body);
    const again = await ledger.as('finance').post('/v1/referrers/ref-wang/payouts').send(payout).expect(409);
    expect(again.body).toMatchObject({ status: 409, referrerId: 'ref-wang', period: '2026-H1' });
    expect(await paidStatements(ledger)).toBe(1);
  });

  it('carries late tax and a void after the payout to the next statement as adjustments', async () => {
    const { ledger, projectId } = await adjusted(await fresh());
    const frozen = await ledger.as('finance').get('/v1/referrers/ref-wang/statements/2026-H1').expect(200);
    expect(frozen.body.lines).toEqual([{ projectId, taxPaidCny: cny('150000.50'), rateBps: 300, reward: cny('4500.02') }]);
    // 2026-H1 now owes 51,000.50 × 3% = 1,530.02 (1,530.015 half-up): 2,970.00 less than was paid.
    const next = await ledger.as('finance').get('/v1/referrers/ref-wang/statements/2026-H2').expect(200);
    expect(next.body).toMatchObject({
      lines: [],
      adjustments: [{ projectId, forPeriod: '2026-H1', amount: cny('-2970.00'), reason: 'overpaid' }],
      total: cny('-2970.00'),
      paid: null,
    });
  });

  it('lists the period with the sum, and exports it as CSV and Excel (API and CLI)', async () => {
    const { ledger, projectId } = await adjusted(await fresh());
    const period = await ledger.as('supervisor').get('/v1/statements/2026-H1').expect(200);
    expect(period.body.total).toEqual(cny('4500.02'));
    expect(period.body.statements.map((s: { referrerId: string }) => s.referrerId)).toEqual(['ref-wang']);

    const csv = await ledger.as('finance').get('/v1/statements/2026-H1/export?format=csv&lang=en').expect(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="referrer-statements-2026-H1.csv"');
    expect(csv.text.split('\r\n').at(-2)).toBe('2026-H1,,,sum,,,,,,,4500.02,,,,');

    const xlsx = await binary(ledger.as('auditor').get('/v1/statements/2026-H1/export?format=xlsx')).expect(200);
    const rows = (await readXlsx(xlsx.body as Buffer)).table('兑现期');
    expect(rows[0].slice(0, 4)).toEqual(['兑现期', '引荐人编号', '引荐人', '类别']);
    expect(rows[1].slice(0, 7)).toEqual(['2026-H1', 'ref-wang', '王建國', '奖励', projectId, '棉紡織項目一期', '華芳集團']);
    const sum = rows.find((r) => r[3] === '合计')!;
    expect(sum[10]).toBe(4500.02);
    await ledger.as('recorder').get('/v1/statements/2026-H1/export?format=csv').expect(403);

    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const argv = parseCommandLine(exportStatementsCommand, ['2026-H2', '--format', 'csv', '--lang', 'en']);
    expect(await exportStatementsCommand.run(ledger.app, argv, { out, err: new PassThrough() })).toBe(0);
    expect(Buffer.concat(chunks).toString('utf8')).toContain('2026-H2,ref-wang,王建國,adjustment,');
  });

  it("exports one referrer's statement: xlsx amounts that sum to its total, a PDF with a signature block", async () => {
    const { ledger } = await paidOut(await fresh());
    const statement = (await ledger.as('finance').get('/v1/referrers/ref-wang/statements/2026-H1').expect(200)).body as { total: { amount: string } };
    const xlsx = await binary(ledger.as('finance').get('/v1/referrers/ref-wang/statements/2026-H1/export?format=xlsx')).expect(200);
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="referrer-statement-ref-wang-2026-H1.xlsx"');
    const { cells, table } = await readXlsx(xlsx.body as Buffer);
    expect(cells.some((r) => String(r[0]).includes('王建國'))).toBe(true); // the referrer named under the title
    const items = table('兑现期').filter((r) => r[3] === '奖励' || r[3] === '调整');
    const sumFen = items.reduce((s, r) => s + Math.round((r[10] as number) * 100), 0);
    expect((sumFen / 100).toFixed(2)).toBe(statement.total.amount);
    const pdf = await binary(ledger.as('finance').get('/v1/referrers/ref-wang/statements/2026-H1/export?format=pdf')).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await ledger.as('finance').get('/v1/referrers/nobody/statements/2026-H1/export?format=pdf').expect(404);
  });

  it('repeals the policy once', async () => {
    const { ledger, policyId } = await referredProject(await fresh());
    await ledger.created('admin', '/v1/policies/referrer-reward/repeal', { policyId, repealedFrom: '2026-07-01', reason: '公平競爭審查' });
    const twice = await ledger
      .as('admin')
      .post('/v1/policies/referrer-reward/repeal')
      .send({ policyId, repealedFrom: '2026-08-01', reason: 'again' })
      .expect(422);
    expect(twice.body.rule).toBe('repeal-once');
    await ledger
      .as('admin')
      .post('/v1/policies/referrer-reward/repeal')
      .send({ policyId: 'no-such-policy', repealedFrom: '2026-08-01', reason: 'x' })
      .expect(404);
  });

  it('rebuilds the rewards read model from zero equal to the live one', async () => {
    const { ledger } = await adjusted(await fresh());
    const projector = ledger.app.get(Projector);
    const live = projector.dump('rewards');
    await projector.rebuild(['rewards']);
    expect(projector.dump('rewards')).toEqual(live);
  });
});
