import { startLedger, type TestLedger } from '../support/ledger-app.js';

let ledger: TestLedger;
beforeAll(async () => {
  ledger = await startLedger();
});
afterAll(() => ledger.close());

it('answers health and records a unit and a lead', async () => {
  const health = await ledger.http().get('/health').expect(200);
  expect(health.body.status).toBe('ok');
  await ledger.as('admin').post('/v1/units').send({ unitId: 'dezhou-xiajin', name: '夏津縣', kind: 'county' }).expect(201);
  const lead = await ledger
    .as('recorder')
    .post('/v1/projects')
    .send({
      name: '棉紡織項目',
      investor: '華芳集團',
      origin: 'domestic',
      sector: 'secondary',
      plannedInvestment: { amount: '300000000.00', currency: 'CNY' },
      unitId: 'dezhou-xiajin',
      leadOn: '2026-03-02',
    });
  expect(lead.status).toBe(201);
  const project = await ledger.as('supervisor').get(`/v1/projects/${lead.body.projectId}`).expect(200);
  expect(project.body.stage).toBe('lead');
});
