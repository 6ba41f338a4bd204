/**
 * Every bad-input class answers the right status as application/problem+json, names the invalid
 * field on a 400, and appends nothing (the store's head and the project's revision do not move).
 */
import type request from 'supertest';
import { TOKENS, startLedger, type TestLedger } from '../support/ledger-app.js';
import { httpSpec } from '../support/http-spec.js';
import { huafangLead, signedHuafang, jinyulaiLead, problemOf, registerUnits, revisionOf, written, type Res } from './projects-fixtures.js';

let ledger: TestLedger;
/** 華芳集團's project in a 夏津縣 township, signed on 2026-03-15 (revision 1). */
let huafang = '';
/** 金魚來's project in 慶雲縣, a lead. */
let jinyulai = '';

let http: ReturnType<typeof httpSpec>;

beforeAll(async () => {
  ledger = await startLedger();
  http = httpSpec(ledger);
  await registerUnits(ledger);
  huafang = await signedHuafang(ledger);
  jinyulai = written(await ledger.as('recorder').post('/v1/projects').send(jinyulaiLead()).expect(201)).projectId;
});
afterAll(() => ledger.close());

const funding = (overrides: Record<string, unknown> = {}) => ({
  amount: { amount: '2000000.00', currency: 'CNY' },
  bankReference: 'ABC-XJ-20260401',
  arrivedOn: '2026-04-01',
  ...overrides,
});

/** A request that must be refused (status, problem+json, the named fields, nothing appended), and the project untouched. */
async function refused(send: () => request.Test, status: number, fields: string[] = []): Promise<Res> {
  const revisionBefore = await revisionOf(ledger, huafang);
  const res = await http.when(send).thenRefused(status, fields);
  expect(await revisionOf(ledger, huafang)).toBe(revisionBefore);
  return res;
}

const fund = (body: unknown) => () =>
  ledger
    .as('recorder')
    .post(`/v1/projects/${huafang}/funding-arrivals`)
    .send(body as object);

describe('400: invalid input, every invalid field named', () => {
  it('an unknown field, at the top or inside Money', async () => {
    await refused(
      () =>
        ledger
          .as('recorder')
          .post('/v1/projects')
          .send(huafangLead({ colour: 'red' })),
      400,
      ['colour'],
    );
    await refused(fund(funding({ amount: { amount: '1.00', currency: 'CNY', note: 'x' } })), 400, ['amount.note']);
  });

  it('an amount with three decimals', async () => {
    await refused(fund(funding({ amount: { amount: '2000000.125', currency: 'CNY' } })), 400, ['amount.amount']);
  });

  it('a negative amount, and zero where it must be greater than zero', async () => {
    await refused(fund(funding({ amount: { amount: '-2000000.00', currency: 'CNY' } })), 400, ['amount.amount']);
    await refused(fund(funding({ amount: { amount: '0.00', currency: 'CNY' } })), 400, ['amount.amount']);
  });

  it('a number instead of a decimal string', async () => {
    await refused(fund(funding({ amount: { amount: 2000000.5, currency: 'CNY' } })), 400, ['amount.amount']);
    await refused(
      () =>
        ledger
          .as('recorder')
          .post('/v1/projects')
          .send(huafangLead({ plannedInvestment: { amount: 300000000, currency: 'CNY' } })),
      400,
      ['plannedInvestment.amount'],
    );
  });

  it('an impossible date', async () => {
    await refused(fund(funding({ arrivedOn: '2026-02-30' })), 400, ['arrivedOn']);
    await refused(() => ledger.as('recorder').post(`/v1/projects/${huafang}/groundbreaking`).send({ brokeGroundOn: '2026-4-18' }), 400, ['brokeGroundOn']);
  });

  it('a foreign amount without its CNY rate', async () => {
    await refused(fund(funding({ amount: { amount: '100000.00', currency: 'USD' } })), 400, ['cnyRate']);
    await refused(
      () =>
        ledger
          .as('recorder')
          .post(`/v1/projects/${huafang}/signing`)
          .send({ kind: 'contract', committedInvestment: { amount: '50000000.00', currency: 'USD' }, signedOn: '2026-04-01' }),
      400,
      ['committedInvestment.cnyRate'],
    );
  });

  it('a foreign amount with two rates, inside and beside it', async () => {
    await refused(fund(funding({ amount: { amount: '100000.00', currency: 'USD', cnyRate: '7.10' }, cnyRate: '7.20' })), 400, ['cnyRate']);
  });

  it('a tax payment not in CNY', async () => {
    await refused(
      () =>
        ledger
          .as('recorder')
          .post(`/v1/projects/${huafang}/tax-payments`)
          .send({ amount: { amount: '1000.00', currency: 'USD', cnyRate: '7.1' }, taxMonth: '2026-03', paymentReference: 'TAX-1', paidOn: '2026-04-10' }),
      400,
      ['amount.currency'],
    );
  });

  it('several invalid fields are all named', async () => {
    await refused(fund({ amount: { amount: '1.001', currency: 'XYZ' }, arrivedOn: '2026-13-01' }), 400, [
      'amount.amount',
      'amount.currency',
      'bankReference',
      'arrivedOn',
    ]);
  });

  it('malformed JSON', async () => {
    const res = await refused(
      () =>
        ledger.as('recorder').post(`/v1/projects/${huafang}/funding-arrivals`).set('Content-Type', 'application/json').send('{"amount": {"amount": "1.00",'),
      400,
    );
    expect(problemOf(res).detail).toMatch(/JSON/);
  });
});

describe('415 and hints for the common mistakes', () => {
  const body = JSON.stringify(funding());
  it.each([
    ['a form body (curl -d)', 'application/x-www-form-urlencoded', /got application\/x-www-form-urlencoded/],
    ['text/plain', 'text/plain', /got text\/plain/],
    ['no Content-Type at all', null, /no Content-Type/],
  ])('a JSON body sent as %s is 415, not a 400 about its fields', async (_case, type, detail) => {
    const res = await refused(() => {
      const req = ledger.as('recorder').post(`/v1/projects/${huafang}/funding-arrivals`);
      return type === null ? req.send(Buffer.from(body)).unset('Content-Type') : req.set('Content-Type', type).send(body);
    }, 415);
    expect(problemOf(res).detail).toMatch(/Content-Type: application\/json/);
    expect(problemOf(res).detail).toMatch(detail);
  });

  it('an asOf whose + was sent unencoded says to use %2B', async () => {
    const res = await ledger.as('auditor').get(`/v1/projects/${huafang}?asOf=2026-06-30T12:00:00+08:00`).expect(400);
    expect(problemOf(res).detail).toMatch(/%2B/);
    const timeline = await ledger.as('auditor').get(`/v1/audit/projects/${huafang}/timeline?asOf=2026-06-30T12:00:00+08:00`).expect(400);
    expect(JSON.stringify(timeline.body)).toMatch(/%2B/);
    await ledger.as('auditor').get(`/v1/projects/${huafang}?asOf=2100-01-01T00:00:00%2B08:00`).expect(200);
  });
});

describe('413, 401, 403, 404, 422', () => {
  it('a body over the size limit (256kb) is 413', async () => {
    await refused(fund(funding({ bankReference: 'x'.repeat(300 * 1024) })), 413);
  });

  it('no token or an unknown token is 401', async () => {
    await refused(() => ledger.http().post(`/v1/projects/${huafang}/funding-arrivals`).send(funding()), 401);
    await refused(
      () => ledger.http().post(`/v1/projects/${huafang}/funding-arrivals`).set('Authorization', 'Bearer not-a-known-token-at-all').send(funding()),
      401,
    );
    await refused(() => ledger.http().post(`/v1/projects/${huafang}/funding-arrivals`).set('Authorization', TOKENS.recorder).send(funding()), 401);
    await refused(() => ledger.http().get(`/v1/projects/${huafang}`), 401);
  });

  it('a role that may not do it is 403', async () => {
    await refused(() => ledger.as('finance').post(`/v1/projects/${huafang}/funding-arrivals`).send(funding()), 403);
    await refused(
      () =>
        ledger
          .as('supervisor')
          .post('/v1/projects')
          .send(huafangLead({ name: '棉紡織項目二期' })),
      403,
    );
    await refused(() => ledger.as('assessor').post(`/v1/projects/${huafang}/groundbreaking`).send({ brokeGroundOn: '2026-04-18' }), 403);
    await refused(
      () =>
        ledger
          .as('recorder')
          .post(`/v1/projects/${huafang}/fixed-asset-verifications`)
          .send({
            plant: { amount: '1.00', currency: 'CNY' },
            equipment: { amount: '0.00', currency: 'CNY' },
            land: { amount: '0.00', currency: 'CNY' },
            inspectedOn: '2026-04-01',
            inspector: 'x',
          }),
      403,
    );
    await refused(() => ledger.as('recorder').post(`/v1/projects/${huafang}/credit`).send({ unitId: 'qingyun', reason: 'x', on: '2026-04-01' }), 403);
    await refused(() => ledger.as('recorder').post('/v1/units').send({ unitId: 'linqing', name: '臨清市', kind: 'county' }), 403);
  });

  it('a recorder bound to 夏津縣 may not write on a 慶雲縣 project (403) but may on its own township’s', async () => {
    await refused(
      () =>
        ledger
          .as('xiajinRecorder')
          .post(`/v1/projects/${jinyulai}/signing`)
          .send({ kind: 'intent', committedInvestment: { amount: '10000000.00', currency: 'CNY' }, signedOn: '2026-03-01' }),
      403,
    );
    await refused(
      () =>
        ledger
          .as('xiajinRecorder')
          .post('/v1/projects')
          .send(jinyulaiLead({ name: '保鮮設備二期' })),
      403,
    );
    const before = await revisionOf(ledger, huafang);
    const own = await ledger.as('xiajinRecorder').post(`/v1/projects/${huafang}/funding-arrivals`).send(funding()).expect(201);
    expect(written(own)).toMatchObject({ projectId: huafang, revision: before + 1 });
    const events = await ledger.as('auditor').get(`/v1/projects/${huafang}/events`).expect(200);
    expect((events.body as { items: { actor: string }[] }).items.at(-1)!.actor).toBe('zhao.xia');
  });

  it('an unknown project is 404, on writes and reads', async () => {
    const unknown = '0b7e4d52-3f0a-4c1e-9d7a-2a41c9e0f001';
    await refused(() => ledger.as('recorder').post(`/v1/projects/${unknown}/groundbreaking`).send({ brokeGroundOn: '2026-04-18' }), 404);
    await refused(() => ledger.as('recorder').post('/v1/projects/not-a-project/groundbreaking').send({ brokeGroundOn: '2026-04-18' }), 404);
    await refused(() => ledger.as('supervisor').get(`/v1/projects/${unknown}`), 404);
  });

  it('a future date is 422 no-future-dates (today is 2026-11-26)', async () => {
    const res = await refused(fund(funding({ arrivedOn: '2026-11-27' })), 422);
    expect(problemOf(res).rule).toBe('no-future-dates');
    expect(problemOf(res).detail).toContain('no-future-dates');
    // Today itself is fine.
    await ledger
      .as('recorder')
      .post(`/v1/projects/${huafang}/funding-arrivals`)
      .send(funding({ arrivedOn: '2026-11-26', bankReference: 'ABC-XJ-20261126' }))
      .expect(201);
  });

  it('a lifecycle step out of order is 422, naming the rule', async () => {
    const completion = await refused(() => ledger.as('recorder').post(`/v1/projects/${huafang}/completion`).send({ completedOn: '2026-05-01' }), 422);
    expect(problemOf(completion).rule).toBe('completion-after-groundbreaking');
    expect(problemOf(completion).detail).toContain('completion-after-groundbreaking');
    const tax = await refused(
      () =>
        ledger
          .as('recorder')
          .post(`/v1/projects/${huafang}/tax-payments`)
          .send({ amount: { amount: '1000.00', currency: 'CNY' }, taxMonth: '2026-03', paymentReference: 'TAX-1', paidOn: '2026-04-10' }),
      422,
    );
    expect(problemOf(tax).rule).toBe('tax-after-production');
    const early = await refused(() => ledger.as('recorder').post(`/v1/projects/${huafang}/groundbreaking`).send({ brokeGroundOn: '2026-03-01' }), 422);
    expect(problemOf(early).rule).toBe('dates-follow-the-life');
    const unsigned = await refused(() => ledger.as('recorder').post(`/v1/projects/${jinyulai}/funding-arrivals`).send(funding()), 422);
    expect(problemOf(unsigned).rule).toBe('funding-after-signing');
  });
});
