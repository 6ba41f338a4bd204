/**
 * GET /metrics: Prometheus text of the write path and the read side, for the scrape token of
 * LEDGER_METRICS_TOKEN, an admin or a supervisor; anyone else is 401/403 (docs/security.md).
 */
import { startLedger, type TestLedger } from '../support/ledger-app.js';

const SCRAPE_TOKEN = 'scrape-token-0123456789abcdef';
let ledger: TestLedger;
beforeAll(async () => {
  ledger = await startLedger({ LEDGER_METRICS_TOKEN: SCRAPE_TOKEN });
});
afterAll(() => ledger.close());

const scrape = (token?: string) => {
  const req = ledger.http().get('/metrics');
  return token ? req.set('Authorization', `Bearer ${token}`) : req;
};

/** The value of one sample line, e.g. `ledger_refusals_total{rule="unit-once"}`. */
const sample = (text: string, name: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? Number.NaN : Number(line.slice(name.length + 1));
};

it('is refused without a token (401) and to a role other than admin and supervisor (403)', async () => {
  const none = await scrape().expect(401);
  expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
  await scrape('not-a-token-at-all-0000000000').expect(401);
  await ledger.as('recorder').get('/metrics').expect(403);
  await ledger.as('auditor').get('/metrics').expect(403);
});

it('counts writes, refusals by rule, stale If-Match and latency; shows queue depth and projector lag', async () => {
  const before = (await scrape(SCRAPE_TOKEN).expect(200)).text;
  await ledger.created('admin', '/v1/units', { unitId: 'metrics-county', name: '指標縣', kind: 'county' });
  await ledger.as('admin').post('/v1/units').send({ unitId: 'metrics-county', name: '指標縣', kind: 'county' }).expect(422);
  const lead = await ledger.created('recorder', '/v1/projects', {
    name: '指標項目',
    investor: '指標集團',
    origin: 'domestic',
    sector: 'secondary',
    plannedInvestment: { amount: '1000000.00', currency: 'CNY' },
    unitId: 'metrics-county',
    leadOn: '2026-01-05',
  });
  await ledger
    .as('recorder')
    .post(`/v1/projects/${lead.body.projectId}/signing`)
    .set('If-Match', '99')
    .send({ kind: 'contract', committedInvestment: { amount: '900000.00', currency: 'CNY' }, signedOn: '2026-02-01' })
    .expect(412);
  const res = await ledger.as('supervisor').get('/metrics').expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  const after = res.text;
  expect(sample(after, 'ledger_writes_total') - (sample(before, 'ledger_writes_total') || 0)).toBe(2);
  expect(sample(after, 'ledger_refusals_total{rule="unit-once"}')).toBe(1);
  expect(sample(after, 'ledger_conflicts_total{outcome="stale-if-match"}')).toBe(1);
  expect(sample(after, 'ledger_write_duration_seconds_count')).toBe(2);
  expect(sample(after, 'ledger_write_queue_depth')).toBe(0);
  expect(sample(after, 'ledger_projector_lag_events')).toBe(0);
  expect((await scrape(SCRAPE_TOKEN).expect(200)).text).toContain('process_resident_memory_bytes');
});
