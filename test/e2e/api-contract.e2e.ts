/**
 * The HTTP contract of /work/shared/spec/API.md, route by route, on the real application: every route
 * is called once with a valid request and its answer is checked field by field (names, types, Money
 * with two fraction digits, ratios 0..1 with at most four fraction digits, dates, nulls). A renamed,
 * missing or unexpected field fails here. Fields the ledger adds beside the contract ("add what users
 * need beside them") are listed by name in `extra`, so a new one is a decision, not an accident.
 * Then: the status codes and problem+json of the conventions, and the OpenAPI document (/docs-json)
 * against the request bodies, query parameters and answers of API.md. Tests that write run on a ledger of
 * their own; tests that only read share one ledger that has lived the whole world below: the file passes in
 * any order.
 */
import type request from 'supertest';
import { ANONYMOUS } from '../support/http-routes.js';
import { freshLedgers, type TestLedger, type TokenName } from '../support/ledger-app.js';

const fresh = freshLedgers({ now: '2027-02-01T04:00:00Z' });
/** The ledger of the running test: its own (set in the test) or its describe's (set in a beforeAll), never both in one describe. */
let ledger: TestLedger;

// ---------------------------------------------------------------------------------------------------
// Shapes

type Check = (value: unknown, at: string) => string[];
type Shape = Record<string, Check>;

const fail = (at: string, what: string, value: unknown) => [`${at}: expected ${what}, got ${JSON.stringify(value)}`];
const test =
  (what: string, ok: (v: unknown) => boolean): Check =>
  (v, at) =>
    ok(v) ? [] : fail(at, what, v);

const str = test('a non-empty string', (v) => typeof v === 'string' && v.length > 0);
const int = test('an integer', (v) => Number.isInteger(v));
const bool = test('a boolean', (v) => typeof v === 'boolean');
const uuid = test('a uuid', (v) => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v));
const hex64 = test('64 hex digits', (v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v));
const date = test('a date YYYY-MM-DD', (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)));
const instant = test('an ISO 8601 UTC instant', (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v));
const ratio = test('a ratio 0..1 with at most four fraction digits', (v) => typeof v === 'number' && v >= 0 && v <= 1 && Number(v.toFixed(4)) === v);
const is = (...values: unknown[]): Check => test(`one of ${JSON.stringify(values)}`, (v) => values.includes(v));
const nullable =
  (check: Check): Check =>
  (v, at) =>
    v === null ? [] : check(v, at);
const anyObject = test('an object', (v) => typeof v === 'object' && v !== null && !Array.isArray(v));

/** An object with exactly these fields (and the named extras, checked when given). */
function obj(shape: Shape, extra: Shape = {}): Check {
  return (v, at) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(at, 'an object', v);
    const body = v as Record<string, unknown>;
    const errors: string[] = [];
    for (const [key, check] of Object.entries(shape)) {
      if (!(key in body)) errors.push(`${at}.${key}: missing`);
      else errors.push(...check(body[key], `${at}.${key}`));
    }
    for (const key of Object.keys(body)) {
      if (key in shape) continue;
      if (key in extra) errors.push(...extra[key](body[key], `${at}.${key}`));
      else errors.push(`${at}.${key}: not in the contract`);
    }
    return errors;
  };
}

const arrayOf =
  (check: Check, { nonEmpty = false } = {}): Check =>
  (v, at) => {
    if (!Array.isArray(v)) return fail(at, 'an array', v);
    if (nonEmpty && v.length === 0) return fail(at, 'a non-empty array', v);
    return v.flatMap((item, i) => check(item, `${at}[${i}]`));
  };

/** Money out: `{amount, currency}`, the amount a decimal string with exactly two fraction digits. */
const amountOut = (signed: boolean) =>
  test('a decimal string with two fraction digits', (v) => typeof v === 'string' && (signed ? /^-?\d+\.\d{2}$/ : /^\d+\.\d{2}$/).test(v));
const cnyMoney = obj({ amount: amountOut(false), currency: is('CNY') });
const signedCny = obj({ amount: amountOut(true), currency: is('CNY') });
/** Money as it was entered: a non-CNY amount keeps its rate beside it. */
const money: Check = (v, at) => {
  const currency = (v as { currency?: unknown } | null)?.currency;
  return currency === 'CNY' || currency === undefined
    ? cnyMoney(v, at)
    : obj({ amount: amountOut(false), currency: str, cnyRate: test('a decimal rate string', (r) => typeof r === 'string' && /^\d+(\.\d+)?$/.test(r)) })(v, at);
};

function expectShape(res: request.Response, status: number, shape: Check): void {
  expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(shape(res.body, '$')).toEqual([]);
}

/** `201 {projectId, eventId, revision}`: the answer to every write on a project. */
/** An event as a project's history and the export give it (the export adds its streamId). */
const EVENT_FIELDS: Shape = {
  eventId: uuid,
  type: str,
  revision: int,
  globalPosition: int,
  occurredOn: date,
  recordedAt: instant,
  actor: str,
  role: str,
  data: anyObject,
  hash: hex64,
  previousHash: hex64,
};
const EVENT_EXTRAS: Shape = { schemaVersion: int, idempotencyKey: nullable(str) };

const projectWritten = obj({ projectId: uuid, eventId: uuid, revision: int });
const STAGE = is('lead', 'signed', 'under_construction', 'completed', 'in_production', 'abandoned');
const referrer = obj({ referrerId: str, name: str, kind: is('person', 'organization') });
const projectView = obj({
  projectId: uuid,
  name: str,
  investor: str,
  creditCode: nullable(str),
  origin: is('domestic', 'foreign'),
  sector: is('primary', 'secondary', 'tertiary', 'real_estate'),
  stage: STAGE,
  unitId: str,
  parkId: nullable(str),
  referrer: nullable(referrer),
  plannedInvestment: money,
  committedInvestment: nullable(money),
  fundingArrivedCny: cnyMoney,
  fundingArrivalRate: nullable(ratio),
  taxPaidCny: cnyMoney,
  dates: obj({
    leadOn: date,
    signedOn: nullable(date),
    brokeGroundOn: nullable(date),
    completedOn: nullable(date),
    productionStartedOn: nullable(date),
    abandonedOn: nullable(date),
  }),
  revision: int,
});
const statementShape: Shape = {
  referrerId: str,
  period: test('a half year', (v) => typeof v === 'string' && /^\d{4}-H[12]$/.test(v)),
  lines: arrayOf(obj({ projectId: uuid, taxPaidCny: cnyMoney, rateBps: int, reward: cnyMoney })),
  adjustments: arrayOf(
    obj({ projectId: uuid, forPeriod: test('a half year', (v) => typeof v === 'string' && /^\d{4}-H[12]$/.test(v)), amount: signedCny, reason: str }),
  ),
  total: signedCny,
  paid: nullable(obj({ amount: cnyMoney, paymentReference: str, paidOn: date })),
};
const statement = obj(statementShape);
const ban = { unitId: str, failedYears: arrayOf(int, { nonEmpty: true }), from: date, until: date };

// ---------------------------------------------------------------------------------------------------
// The walk through every route

const cny = (amount: string) => ({ amount, currency: 'CNY' });

function call(who: TokenName, method: 'get' | 'post', path: string, body?: object, headers: Record<string, string> = {}): request.Test {
  let req = ledger.as(who)[method](path);
  for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
  return method === 'post' ? req.send(body ?? {}) : req;
}

async function write(who: TokenName, path: string, body: object, shape: Check, headers: Record<string, string> = {}): Promise<request.Response> {
  const res = await call(who, 'post', path, body, headers);
  expectShape(res, 201, shape);
  return res;
}

async function read(who: TokenName, path: string, shape: Check): Promise<request.Response> {
  const res = await call(who, 'get', path);
  expectShape(res, 200, shape);
  return res;
}

const unitWritten = obj({ unitId: str, eventId: uuid, revision: int });
const policyWritten = obj({ policyId: uuid }, { eventId: uuid, revision: int });

/** Set-up (admin): units, a park, officials and a departure, reward policies (one repealed) and an assessment policy; each answer checked. */
async function setUp(): Promise<void> {
  await write('admin', '/v1/units', { unitId: 'xiajin', name: '夏津縣', kind: 'county' }, unitWritten);
  await write('admin', '/v1/units', { unitId: 'zbt', name: '鄭保屯鎮', kind: 'township', parentId: 'xiajin' }, unitWritten);
  // Not in API.md, beside it: the unit register.
  await read(
    'supervisor',
    '/v1/units',
    obj({ items: arrayOf(obj({ unitId: str, name: str, kind: is('county', 'township', 'department'), parentId: nullable(str) }), { nonEmpty: true }) }),
  );
  // Beside API.md too: the park registry a lead's parkId must name.
  await write(
    'admin',
    '/v1/parks',
    { parkId: 'xiajin-textile-park', name: '夏津紡織工業園', unitId: 'xiajin' },
    obj({ parkId: str, eventId: uuid, revision: int }),
  );
  await read('recorder', '/v1/parks?unitId=xiajin', obj({ items: arrayOf(obj({ parkId: str, name: str, unitId: str }), { nonEmpty: true }) }));
  await write('admin', '/v1/townships/zbt/officials', { officialId: 'li', name: '李華', post: 'party_secretary', from: '2020-01-01' }, unitWritten);
  await write('admin', '/v1/townships/zbt/officials', { officialId: 'wang', name: '王強', post: 'township_head', from: '2020-01-01' }, unitWritten);
  await write('admin', '/v1/townships/zbt/officials/wang/departure', { post: 'township_head', on: '2026-06-30' }, unitWritten);
  await write(
    'admin',
    '/v1/policies/referrer-reward',
    { rateBps: 300, productiveSectors: ['primary', 'secondary'], effectiveFrom: '2025-01-01', lifetimeCap: cny('5000000.00') },
    policyWritten,
  );
  const second = await write(
    'admin',
    '/v1/policies/referrer-reward',
    { rateBps: 200, productiveSectors: ['secondary'], effectiveFrom: '2025-06-01' },
    policyWritten,
  );
  await write(
    'admin',
    '/v1/policies/referrer-reward/repeal',
    { policyId: second.body.policyId, repealedFrom: '2026-07-01', reason: '公平競爭審查' },
    policyWritten,
  );
  await write(
    'admin',
    '/v1/policies/assessment',
    { minimumProjectCny: cny('0.00'), fixedAssetSectors: ['primary', 'secondary'], realEstateTaxMultiplier: 10, effectiveFrom: '2025-01-01' },
    policyWritten,
  );
}

/** A project's life on the set-up ledger: 華芳 in production (its id returned), 西傑 abandoned, 金魚來 signed and silent since; each answer checked. */
async function projectLife(): Promise<string> {
  const lead = await write(
    'recorder',
    '/v1/projects',
    {
      name: '棉紡織項目',
      investor: '華芳集團',
      origin: 'domestic',
      sector: 'secondary',
      plannedInvestment: cny('300000000.00'),
      unitId: 'zbt',
      parkId: 'xiajin-textile-park',
      referrer: { referrerId: 'ref-wang', name: '王建國', kind: 'person' },
      leadOn: '2025-03-01',
    },
    projectWritten,
  );
  expect(lead.body.revision).toBe(0);
  const a = lead.body.projectId as string;
  const at = (path: string) => `/v1/projects/${a}/${path}`;
  const signed = await write(
    'recorder',
    at('signing'),
    { kind: 'contract', committedInvestment: { amount: '40000000', currency: 'USD', cnyRate: '7.1234' }, signedOn: '2025-04-01' },
    projectWritten,
    { 'If-Match': '0' },
  );
  expect(signed.body).toMatchObject({ projectId: a, revision: 1 });
  const funding = { amount: { amount: '1000000.00', currency: 'USD' }, cnyRate: '7.1000', bankReference: 'BOC-20250410-1', arrivedOn: '2025-04-10' };
  const first = await write('recorder', at('funding-arrivals'), funding, projectWritten, { 'Idempotency-Key': 'contract-funding-1' });
  const replay = await write('recorder', at('funding-arrivals'), funding, projectWritten, { 'Idempotency-Key': 'contract-funding-1' });
  expect(replay.body).toEqual(first.body);
  const secondFunding = (
    await write('recorder', at('funding-arrivals'), { amount: cny('500000.5'), bankReference: 'BOC-20250501-2', arrivedOn: '2025-05-01' }, projectWritten)
  ).body.eventId;
  await write('recorder', at('groundbreaking'), { brokeGroundOn: '2025-05-01' }, projectWritten);
  await write(
    'assessor',
    at('fixed-asset-verifications'),
    { plant: cny('1000000.00'), equipment: cny('0.00'), land: cny('0'), inspectedOn: '2026-02-01', inspector: 'chen.ping' },
    projectWritten,
  );
  await write('recorder', at('completion'), { completedOn: '2026-03-01' }, projectWritten);
  await write('recorder', at('production'), { startedOn: '2026-04-01' }, projectWritten);
  await write(
    'recorder',
    at('tax-payments'),
    { amount: cny('100000.00'), taxMonth: '2026-04', paymentReference: 'TAX-2026-04', paidOn: '2026-05-15' },
    projectWritten,
  );
  await write('assessor', at('voids'), { eventId: secondFunding, reason: '重複錄入', on: '2026-05-20' }, projectWritten);

  const b = (
    await write(
      'recorder',
      '/v1/projects',
      {
        name: '賴氨酸項目',
        investor: '韓國西傑集團',
        origin: 'foreign',
        sector: 'primary',
        plannedInvestment: { amount: '80000000.00', currency: 'KRW', cnyRate: '0.0052' },
        unitId: 'xiajin',
        leadOn: '2026-01-05',
      },
      projectWritten,
    )
  ).body.projectId;
  await write('assessor', `/v1/projects/${b}/credit`, { unitId: 'zbt', reason: '屬地認定', on: '2026-01-06' }, projectWritten);
  await write(
    'assessor',
    `/v1/projects/${b}/referrer`,
    { referrerId: 'ref-hengfeng', name: '恒豐', kind: 'organization', assignedOn: '2026-01-07' },
    projectWritten,
  );
  await write('recorder', `/v1/projects/${b}/abandonment`, { reason: '投資方撤資', abandonedOn: '2026-02-01' }, projectWritten);

  // Signed and silent since: stalled.
  const c = (
    await write(
      'recorder',
      '/v1/projects',
      {
        name: '保鮮設備項目',
        investor: '金魚來',
        origin: 'foreign',
        sector: 'secondary',
        plannedInvestment: cny('15000000.00'),
        unitId: 'zbt',
        leadOn: '2026-05-01',
      },
      projectWritten,
    )
  ).body.projectId;
  await write('recorder', `/v1/projects/${c}/signing`, { kind: 'intent', committedInvestment: cny('15000000.00'), signedOn: '2026-06-01' }, projectWritten);
  return a;
}

/** Finance on the whole world: the statement, the period, the 2026-H1 payout, then late tax carried to 2026-H2; each answer checked. */
async function finance(a: string): Promise<void> {
  const own = await read('finance', '/v1/referrers/ref-wang/statements/2026-H1', statement);
  expect(own.body).toMatchObject({ referrerId: 'ref-wang', period: '2026-H1', paid: null });
  expect(own.body.lines).toHaveLength(1);
  const all = await read(
    'auditor',
    '/v1/statements/2026-H1',
    obj({ period: is('2026-H1'), statements: arrayOf(statement, { nonEmpty: true }), total: signedCny }),
  );
  expect(all.body.total).toEqual(own.body.total);
  // API.md: `201`; the ledger answers the frozen statement with the payout's event.
  const paid = await write(
    'finance',
    '/v1/referrers/ref-wang/payouts',
    { period: '2026-H1', amount: own.body.total, paymentReference: 'ICBC-20260715-0001', paidOn: '2026-07-15' },
    obj(statementShape, { eventId: uuid, revision: int }),
  );
  expect(paid.body.paid).toEqual({ amount: own.body.total, paymentReference: 'ICBC-20260715-0001', paidOn: '2026-07-15' });
  // Late tax for the paid half year: the next statement carries the difference as an adjustment.
  await write(
    'recorder',
    `/v1/projects/${a}/tax-payments`,
    { amount: cny('1000.00'), taxMonth: '2026-06', paymentReference: 'TAX-2026-06-late', paidOn: '2026-06-20' },
    projectWritten,
  );
  const next = await read('finance', '/v1/referrers/ref-wang/statements/2026-H2', statement);
  expect(next.body.adjustments).toEqual([{ projectId: a, forPeriod: '2026-H1', amount: cny('30.00'), reason: expect.any(String) }]);
}

/** A ledger of its own that has lived the set-up and the project life: the id of 華芳's project. */
async function world(): Promise<string> {
  ledger = await fresh();
  await setUp();
  return projectLife();
}

describe('API.md, route by route', () => {
  describe('writes, each test on a ledger of its own', () => {
    it('Operations: GET /health, /docs and /docs-json are open', async () => {
      ledger = await fresh();
      const health = await ledger.http().get('/health');
      expectShape(
        health,
        200,
        obj(
          {
            status: is('ok'),
            store: is('sqlite', 'esdb'),
            projections: test('{name: position}', (v) => typeof v === 'object' && v !== null && Object.values(v).every((p) => Number.isInteger(p))),
          },
          { head: int },
        ),
      );
      const ui = await ledger.http().get('/docs');
      expect(ui.status).toBe(200);
      expect(ui.headers['content-type']).toMatch(/^text\/html/);
      const doc = await ledger.http().get('/docs-json');
      expect(doc.status).toBe(200);
      expect(Object.keys(doc.body.paths as object).length).toBeGreaterThan(30);
    });

    it('Set-up (admin): units, officials, departures, reward and assessment policies', async () => {
      ledger = await fresh();
      await setUp();
    });

    it("A project's life: every write answers 201 {projectId, eventId, revision}", async () => {
      ledger = await fresh();
      await setUp();
      await projectLife();
    });

    it('Finance: a statement, the period statements and their sum, a payout; adjustments next period', async () => {
      await finance(await world());
    });

    it('Townships and promotion: targets, year closings, the township, eligibility, bans', async () => {
      await world();
      await write('assessor', '/v1/townships/zbt/targets', { year: 2025, target: cny('1000000000.00') }, unitWritten);
      await write('assessor', '/v1/townships/zbt/targets', { year: 2026, target: cny('1000000000') }, unitWritten);
      const closing = obj({ year: int, target: cnyMoney, actual: cnyMoney, met: bool, exited: bool });
      const y2025 = await write('assessor', '/v1/townships/zbt/year-closings', { year: 2025, closedOn: '2026-01-10' }, closing);
      expect(y2025.body).toEqual({ year: 2025, target: cny('1000000000.00'), actual: cny('7100000.00'), met: false, exited: false });
      const y2026 = await write('assessor', '/v1/townships/zbt/year-closings', { year: 2026, closedOn: '2027-01-15' }, closing);
      expect(y2026.body).toMatchObject({ year: 2026, met: false, exited: true });
      const township = await read(
        'supervisor',
        '/v1/townships/zbt',
        obj({
          unitId: is('zbt'),
          years: arrayOf(obj({ year: int, target: cnyMoney, actual: cnyMoney, met: bool, closedOn: date }), { nonEmpty: true }),
          exits: arrayOf(obj({ on: date, years: arrayOf(int) }), { nonEmpty: true }),
        }),
      );
      expect(township.body.exits).toEqual([{ on: '2027-01-15', years: [2025, 2026] }]);
      const li = await read(
        'auditor',
        '/v1/officials/li/promotion-eligibility?on=2027-01-20',
        obj({ officialId: is('li'), on: is('2027-01-20'), eligible: bool, bans: arrayOf(obj(ban), { nonEmpty: true }) }),
      );
      expect(li.body).toMatchObject({ eligible: false, bans: [{ unitId: 'zbt', failedYears: [2025, 2026], from: '2027-01-15', until: '2030-01-15' }] });
      const bans = await read(
        'supervisor',
        '/v1/promotion-bans?activeOn=2027-01-20',
        obj({ items: arrayOf(obj({ officialId: str, name: str, ...ban }), { nonEmpty: true }) }),
      );
      expect(bans.body.items.map((x: { officialId: string }) => x.officialId)).toEqual(['li']);
    });
  });

  describe('reads, on one ledger that has lived the whole world', () => {
    let a = '';
    beforeAll(async () => {
      a = await world();
    });

    it('Reading projects: the view, as-of (auditor), the list with its filters and cursor, the history, stalled', async () => {
      const view = await read('finance', `/v1/projects/${a}`, projectView);
      expect(view.body).toMatchObject({
        stage: 'in_production',
        parkId: 'xiajin-textile-park',
        committedInvestment: { amount: '40000000.00', currency: 'USD', cnyRate: '7.1234' },
      });
      expect(view.body.fundingArrivalRate).toBe(0.0249); // 7,100,000 / 284,936,000
      const asOf = await read('auditor', `/v1/projects/${a}?asOf=2999-01-01T00:00:00Z`, projectView);
      expect(asOf.body).toEqual(view.body);

      const filtered = await read(
        'supervisor',
        '/v1/projects?unitId=zbt&stage=in_production&sector=secondary&parkId=xiajin-textile-park&limit=10',
        obj({ items: arrayOf(projectView), nextCursor: nullable(str) }),
      );
      expect(filtered.body.items.map((p: { projectId: string }) => p.projectId)).toEqual([a]);
      const first = await read('recorder', '/v1/projects?limit=2', obj({ items: arrayOf(projectView, { nonEmpty: true }), nextCursor: str }));
      const rest = await read(
        'recorder',
        `/v1/projects?limit=2&cursor=${first.body.nextCursor}`,
        obj({ items: arrayOf(projectView, { nonEmpty: true }), nextCursor: nullable(str) }),
      );
      expect(new Set([...first.body.items, ...rest.body.items].map((p: { projectId: string }) => p.projectId)).size).toBe(3);

      const history = await read(
        'auditor',
        `/v1/projects/${a}/events`,
        obj({
          items: arrayOf(obj(EVENT_FIELDS, EVENT_EXTRAS), { nonEmpty: true }),
        }),
      );
      expect(history.body.items.map((e: { revision: number }) => e.revision)).toEqual([...Array(history.body.items.length).keys()]);
      // As-of: the view as the ledger knew it when the signing was recorded.
      const signing = history.body.items[1] as { type: string; recordedAt: string };
      expect(signing.type).toBe('ProjectSigned');
      const then = await read('auditor', `/v1/projects/${a}?asOf=${signing.recordedAt}`, projectView);
      expect(then.body).toMatchObject({ stage: 'signed', revision: 1, fundingArrivedCny: cny('0.00'), dates: { signedOn: '2025-04-01', brokeGroundOn: null } });

      const stalled = await read(
        'supervisor',
        '/v1/projects/stalled?asOf=2027-01-31&days=90',
        obj(
          {
            items: arrayOf(
              obj(
                { projectId: uuid, lastEventOn: date, daysSilent: int },
                { name: str, unitId: str, stage: STAGE, flags: arrayOf(obj({ rule: str, level: str, since: date })) },
              ),
              { nonEmpty: true },
            ),
          },
          { asOf: date, days: int },
        ),
      );
      expect(stalled.body.items[0]).toMatchObject({ lastEventOn: '2026-06-01', daysSilent: 244 });
    });

    it("Assessment (supervisor): the ranking of a period and a unit's rates", async () => {
      const unitRow = obj(
        {
          unitId: str,
          score: cnyMoney,
          rank: int,
          mark: nullable(is('reward', 'self_criticism')),
          projects: arrayOf(obj({ projectId: uuid, countedValue: cnyMoney }, { name: str, belowMinimum: bool })),
        },
        { name: str },
      );
      const policy = obj({
        policyId: nullable(uuid),
        effectiveFrom: nullable(date),
        minimumProjectCny: cnyMoney,
        fixedAssetSectors: arrayOf(str),
        realEstateTaxMultiplier: int,
        otherSectorsCount: bool,
      });
      const ranking = await read(
        'supervisor',
        '/v1/assessments/2026?kind=county',
        obj({ period: is('2026'), units: arrayOf(unitRow, { nonEmpty: true }) }, { kind: is('county'), policy }),
      );
      expect(ranking.body.units[0]).toMatchObject({
        unitId: 'xiajin',
        score: cny('1000000.00'),
        projects: [{ projectId: a, countedValue: cny('1000000.00') }],
      });
      for (const period of ['2026-H1', '2026-Q1', '2026-02']) {
        await read(
          'assessor',
          `/v1/assessments/${period}?kind=township`,
          obj({ period: is(period), units: arrayOf(unitRow, { nonEmpty: true }) }, { kind: is('township'), policy }),
        );
      }
      const rates = await read(
        'supervisor',
        '/v1/units/zbt/rates?signedFrom=2025-01-01&signedTo=2026-12-31',
        obj(
          {
            successRate: nullable(ratio),
            fundingArrivalRate: nullable(ratio),
            completionRate: nullable(ratio),
            // API.md names `projects` without a type: the ledger lists them.
            projects: arrayOf(
              obj({ projectId: uuid }, { name: str, unitId: str, signedOn: date, stage: STAGE, committedInvestment: cnyMoney, fundingArrived: cnyMoney }),
            ),
          },
          { unitId: is('zbt'), signedFrom: date, signedTo: date },
        ),
      );
      expect(rates.body).toMatchObject({ successRate: 0.5, completionRate: 1 });
    });

    it('Audit (auditor): verify, digest, digest check, export as JSON lines', async () => {
      const verdict = obj({ size: int, time: instant, root: hex64, keyId: str, ok: bool, signatureChecked: bool, reason: nullable(str) });
      const verified = await read(
        'auditor',
        '/v1/audit/verify',
        obj(
          { ok: bool, eventsChecked: int, firstBroken: nullable(obj({ streamId: str, revision: int, reason: str })) },
          {
            position: int,
            digest: hex64,
            chainDigest: hex64,
            hashAlgorithm: is('sha256', 'sm3'),
            ledgerId: uuid,
            treeProblem: nullable(str),
            checkpointsChecked: int,
            checkpoint: nullable(verdict),
          },
        ),
      );
      expect(verified.body).toMatchObject({ ok: true, firstBroken: null });
      const digest = await read('auditor', '/v1/audit/digest', obj({ position: int, digest: hex64 }, { hashAlgorithm: is('sha256', 'sm3') }));
      const check = await call('auditor', 'post', '/v1/audit/digest/check', digest.body);
      expectShape(check, 200, obj({ ok: bool }, { reason: nullable(str) }));
      expect(check.body.ok).toBe(true);
      const exported = await call('auditor', 'get', '/v1/audit/export');
      expect(exported.status).toBe(200);
      expect(exported.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const lines = exported.text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toHaveLength(verified.body.eventsChecked);
      expect(lines.map((e) => e.globalPosition)).toEqual(lines.map((_, i) => i + 1));
      for (const e of lines) {
        expect(obj({ streamId: str, ...EVENT_FIELDS }, EVENT_EXTRAS)(e, `line ${String(e.globalPosition)}`)).toEqual([]);
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// Conventions: status codes, problem+json, roles

const problemShape = obj(
  { type: str, title: str, status: int, detail: str },
  {
    errors: arrayOf(obj({ field: str, message: str }), { nonEmpty: true }),
    // What a refusal names for machines beside `detail`.
    rule: str,
    projectId: uuid,
    referrerId: str,
    period: str,
    currentRevision: int,
    idempotencyKey: str,
    year: int,
    closedOn: date,
  },
);

async function refused(res: request.Response | Promise<request.Response>, status: number): Promise<request.Response> {
  const answer = await res;
  expect({ status: answer.status, body: answer.body as unknown }).toMatchObject({ status });
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = answer.text ? (JSON.parse(answer.text) as unknown) : null;
  expect(problemShape(body, '$')).toEqual([]);
  expect((body as { status: number }).status).toBe(status);
  return answer;
}

const fieldsOf = (res: request.Response) => [...new Set((JSON.parse(res.text) as { errors: { field: string }[] }).errors.map((e) => e.field))].sort();
const head = async () => ((await ledger.http().get('/health')).body as { head: number }).head;

describe('API.md conventions', () => {
  let a = '';

  describe('refusals and reads, on one ledger that has lived the whole world (none appends)', () => {
    beforeAll(async () => {
      a = await world();
    });

    it('400 names every invalid field, unknown fields included, and appends nothing', async () => {
      const before = await head();
      const bad = await refused(
        call('recorder', 'post', `/v1/projects/${a}/signing`, {
          kind: 'memo',
          committedInvestment: { amount: '1.234', currency: 'XXX' },
          signedOn: '2026-02-30',
          extra: 1,
        }),
        400,
      );
      expect(fieldsOf(bad)).toEqual(['committedInvestment.amount', 'committedInvestment.cnyRate', 'committedInvestment.currency', 'extra', 'kind', 'signedOn']);
      const money = await refused(
        call('recorder', 'post', `/v1/projects/${a}/funding-arrivals`, {
          amount: { amount: '0.00', currency: 'USD', note: 1 },
          bankReference: 'x',
          arrivedOn: '2026-06-31',
        }),
        400,
      );
      expect(fieldsOf(money)).toEqual(['amount.amount', 'amount.note', 'arrivedOn', 'cnyRate']);
      for (const amount of [100, '-1.00', '1e5', '1.001', ' 1.00', '']) {
        await refused(
          call('recorder', 'post', `/v1/projects/${a}/tax-payments`, {
            amount: { amount, currency: 'CNY' },
            taxMonth: '2026-06',
            paymentReference: 'x',
            paidOn: '2026-06-30',
          }),
          400,
        );
      }
      await refused(
        call('recorder', 'post', `/v1/projects/${a}/tax-payments`, {
          amount: { amount: '1.00', currency: 'USD', cnyRate: '7' },
          taxMonth: '2026-6',
          paymentReference: 'x',
          paidOn: '2026-06-30',
        }),
        400,
      );
      const zeroes = await call('assessor', 'post', `/v1/projects/${a}/fixed-asset-verifications`, {
        plant: cny('0.00'),
        equipment: cny('-1.00'),
        land: cny('0'),
        inspectedOn: '2026-06-30',
        inspector: 'x',
      });
      expect(fieldsOf(await refused(zeroes, 400))).toEqual(['equipment.amount']);
      await refused(call('finance', 'get', '/v1/statements/2026-H3'), 400);
      await refused(call('supervisor', 'get', '/v1/assessments/2026-Q5'), 400);
      await refused(call('supervisor', 'get', '/v1/projects?limit=0&stage=done&colour=red'), 400);
      await refused(call('supervisor', 'get', '/v1/promotion-bans?activeOn=2027-02-29'), 400);
      await refused(call('auditor', 'get', `/v1/projects/${a}?asOf=yesterday`), 400);
      expect(await head()).toBe(before);
    });

    it('401 without or with an unknown token; /health and /docs stay open', async () => {
      const none = await refused(ledger.http().get('/v1/projects'), 401);
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
      await refused(ledger.http().get('/v1/projects').set('Authorization', 'Bearer not-a-token'), 401);
      await refused(ledger.http().post('/v1/units').set('Authorization', 'Basic YTpi').send({}), 401);
    });

    it('404 for an unknown resource', async () => {
      await refused(call('finance', 'get', '/v1/projects/00000000-0000-4000-8000-000000000000'), 404);
      await refused(call('recorder', 'post', '/v1/projects/not-a-project/completion', { completedOn: '2026-03-01' }), 404);
      await refused(call('finance', 'get', '/v1/referrers/nobody/statements/2026-H1'), 404);
      await refused(call('supervisor', 'get', '/v1/townships/nowhere'), 404);
      await refused(call('supervisor', 'get', '/v1/officials/nobody/promotion-eligibility?on=2027-01-20'), 404);
      await refused(call('supervisor', 'get', '/v1/units/nowhere/rates'), 404);
      await refused(call('admin', 'post', '/v1/townships/nowhere/officials', { officialId: 'x', name: 'x', post: 'township_head', from: '2020-01-01' }), 404);
      await refused(call('auditor', 'get', '/v1/no-such-route'), 404);
    });

    it("roles: every role reads a project's status; auditors read everything; supervisors every projection", async () => {
      for (const who of ['admin', 'recorder', 'xiajinRecorder', 'assessor', 'finance', 'auditor', 'supervisor'] as const) {
        await ledger.as(who).get(`/v1/projects/${a}`).expect(200);
      }
      const projections = [
        `/v1/projects/${a}`,
        '/v1/projects',
        '/v1/projects/stalled',
        '/v1/referrers/ref-wang/statements/2026-H1',
        '/v1/statements/2026-H1',
        '/v1/townships/zbt',
        '/v1/officials/li/promotion-eligibility',
        '/v1/promotion-bans',
        '/v1/assessments/2026',
        '/v1/units/zbt/rates',
      ];
      const histories = [`/v1/projects/${a}/events`, `/v1/projects/${a}?asOf=2027-01-01T00:00:00Z`, '/v1/audit/verify', '/v1/audit/digest', '/v1/audit/export'];
      for (const path of [...projections, ...histories]) await ledger.as('auditor').get(path).expect(200);
      for (const path of projections) await ledger.as('supervisor').get(path).expect(200);
      for (const path of ['/v1/referrers/ref-wang/statements/2026-H1', '/v1/statements/2026-H1']) await ledger.as('finance').get(path).expect(200);
    });
  });

  describe('refusals beside writes, each test on a ledger of its own', () => {
    it('403 for a role the route does not admit', async () => {
      a = await world();
      await refused(call('recorder', 'post', '/v1/policies/assessment', {}), 403);
      await refused(call('supervisor', 'post', `/v1/projects/${a}/completion`, { completedOn: '2026-03-01' }), 403);
      await refused(call('recorder', 'get', `/v1/projects/${a}?asOf=2026-01-01T00:00:00Z`), 403);
      await refused(call('recorder', 'get', '/v1/statements/2026-H1'), 403);
      // A recorder with a unit writes only on projects credited to that unit or below it.
      await ledger.as('admin').post('/v1/units').send({ unitId: 'qingyun', name: '慶雲縣', kind: 'county' }).expect(201);
      const elsewhere = await ledger
        .as('recorder')
        .post('/v1/projects')
        .send({
          name: '鋼管項目',
          investor: '永鋒',
          origin: 'domestic',
          sector: 'secondary',
          plannedInvestment: cny('1000000.00'),
          unitId: 'qingyun',
          leadOn: '2026-09-01',
        })
        .expect(201);
      await refused(call('xiajinRecorder', 'post', `/v1/projects/${elsewhere.body.projectId}/abandonment`, { reason: 'x', abandonedOn: '2026-09-02' }), 403);
    });

    it('409 idempotency conflict, a second payout, a duplicate lead; 412 stale If-Match; 413 too large; 422 names the rule', async () => {
      a = await world();
      // The second payout below is refused: 2026-H1 is paid, and late tax carried to 2026-H2.
      await finance(a);
      const before = await head();
      const key = { 'Idempotency-Key': 'contract-funding-1' };
      await refused(
        call('recorder', 'post', `/v1/projects/${a}/funding-arrivals`, { amount: cny('1.00'), bankReference: 'other', arrivedOn: '2026-06-01' }, key),
        409,
      );
      const statement = await ledger.as('finance').get('/v1/referrers/ref-wang/statements/2026-H1').expect(200);
      await refused(
        call('finance', 'post', '/v1/referrers/ref-wang/payouts', {
          period: '2026-H1',
          amount: statement.body.total,
          paymentReference: 'again',
          paidOn: '2026-07-16',
        }),
        409,
      );
      const duplicate = await refused(
        call('recorder', 'post', '/v1/projects', {
          name: '棉紡織項目',
          investor: '華芳集團',
          origin: 'domestic',
          sector: 'secondary',
          plannedInvestment: cny('1.00'),
          unitId: 'zbt',
          leadOn: '2026-01-01',
        }),
        409,
      );
      expect(duplicate.body.projectId).toBe(a);
      await refused(
        call(
          'recorder',
          'post',
          `/v1/projects/${a}/tax-payments`,
          { amount: cny('1.00'), taxMonth: '2026-06', paymentReference: 'x', paidOn: '2026-06-30' },
          { 'If-Match': '1' },
        ),
        412,
      );
      await refused(
        ledger
          .as('admin')
          .post('/v1/units')
          .set('Content-Type', 'application/json')
          .send(JSON.stringify({ unitId: 'big', name: 'x'.repeat(300_000), kind: 'county' })),
        413,
      );
      const rule = await refused(call('recorder', 'post', `/v1/projects/${a}/groundbreaking`, { brokeGroundOn: '2026-01-01' }), 422);
      expect(rule.body.detail).toContain(rule.body.rule);
      const wrongTotal = await refused(
        call('finance', 'post', '/v1/referrers/ref-wang/payouts', { period: '2026-H2', amount: cny('0.01'), paymentReference: 'x', paidOn: '2027-01-05' }),
        422,
      );
      expect(wrongTotal.body.detail).toContain(wrongTotal.body.rule);
      expect(await head()).toBe(before);
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// The OpenAPI document against API.md

interface Schema {
  $ref?: string;
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  allOf?: Schema[];
  items?: Schema;
}
interface Operation {
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
  security?: Record<string, string[]>[];
  summary?: string;
}

/** Request bodies of API.md: the fields, `?` marking the optional ones. */
const BODIES: Record<string, string> = {
  'POST /v1/units': 'unitId name kind parentId?',
  'POST /v1/townships/{unitId}/officials': 'officialId name post from',
  'POST /v1/townships/{unitId}/officials/{officialId}/departure': 'post on',
  'POST /v1/policies/referrer-reward': 'rateBps productiveSectors effectiveFrom lifetimeCap?',
  'POST /v1/policies/referrer-reward/repeal': 'policyId repealedFrom reason',
  'POST /v1/policies/assessment': 'minimumProjectCny fixedAssetSectors realEstateTaxMultiplier effectiveFrom',
  'POST /v1/projects': 'name investor origin sector plannedInvestment unitId parkId? referrer? leadOn distinctFrom?',
  'POST /v1/projects/{id}/signing': 'kind committedInvestment signedOn',
  'POST /v1/projects/{id}/funding-arrivals': 'amount cnyRate? bankReference arrivedOn',
  'POST /v1/projects/{id}/groundbreaking': 'brokeGroundOn',
  'POST /v1/projects/{id}/completion': 'completedOn',
  'POST /v1/projects/{id}/production': 'startedOn',
  'POST /v1/projects/{id}/tax-payments': 'amount taxMonth paymentReference paidOn',
  'POST /v1/projects/{id}/fixed-asset-verifications': 'plant equipment land inspectedOn inspector',
  'POST /v1/projects/{id}/credit': 'unitId reason on',
  'POST /v1/projects/{id}/referrer': 'referrerId name kind assignedOn',
  'POST /v1/projects/{id}/voids': 'eventId reason on',
  'POST /v1/projects/{id}/abandonment': 'reason abandonedOn',
  'POST /v1/referrers/{referrerId}/payouts': 'period amount paymentReference paidOn',
  'POST /v1/townships/{unitId}/targets': 'year target',
  'POST /v1/townships/{unitId}/year-closings': 'year closedOn revises? reason?',
  'POST /v1/audit/digest/check': 'position digest',
};

/**
 * Where the ledger is more lenient than API.md's table: these fields are listed without `?` but the
 * ledger defaults them (DOMAIN.md's defaults: primary and secondary, multiplier 10). Also beside the
 * table: `otherSectorsCount` (DOMAIN.md "whether other sectors count"), a lead's optional `creditCode`
 * (API.md "Beyond this page"), and the digest check's optional `hashAlgorithm` (as GET /v1/audit/digest gives it).
 */
const DEFAULTED = new Set([
  'POST /v1/policies/referrer-reward productiveSectors',
  'POST /v1/policies/assessment fixedAssetSectors',
  'POST /v1/policies/assessment realEstateTaxMultiplier',
]);
const BESIDE = new Set(['POST /v1/policies/assessment otherSectorsCount', 'POST /v1/projects creditCode', 'POST /v1/audit/digest/check hashAlgorithm']);

/** The other routes of API.md, with their query parameters (after `|`: the ones the ledger adds beside). */
const READS: Record<string, string> = {
  'GET /v1/projects/{id}': 'asOf',
  'GET /v1/projects': 'unitId stage sector parkId q limit cursor',
  'GET /v1/projects/{id}/events': '|asOf',
  'GET /v1/projects/stalled': 'asOf days',
  'GET /v1/referrers/{referrerId}/statements/{period}': '',
  'GET /v1/statements/{period}': '',
  'GET /v1/townships/{unitId}': '',
  'GET /v1/officials/{officialId}/promotion-eligibility': 'on',
  'GET /v1/promotion-bans': 'activeOn',
  'GET /v1/assessments/{period}': 'kind',
  'GET /v1/units/{unitId}/rates': 'signedFrom signedTo',
  'GET /v1/audit/verify': '',
  'GET /v1/audit/digest': '|position',
  'GET /v1/audit/export': '',
  'GET /health': '',
};

/** API.md "Reading projects": the fields of `GET /v1/projects/{id}` (and creditCode, "Beyond this page": shown beside the investor). */
const PROJECT_VIEW_FIELDS =
  'projectId name investor creditCode origin sector stage unitId parkId referrer plannedInvestment committedInvestment fundingArrivedCny fundingArrivalRate taxPaidCny dates revision';
const PROJECT_DATES = 'leadOn signedOn brokeGroundOn completedOn productionStartedOn abandonedOn';

const MONEY_FIELDS = new Set([
  'plannedInvestment',
  'committedInvestment',
  'amount',
  'plant',
  'equipment',
  'land',
  'target',
  'lifetimeCap',
  'minimumProjectCny',
]);

describe('the OpenAPI document (/docs-json) against API.md', () => {
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
  const resolve = (schema: Schema): Schema => {
    if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
    if (schema.allOf?.length === 1) return resolve(schema.allOf[0]);
    return schema;
  };
  const operation = (route: string): Operation | undefined => {
    const [method, path] = route.split(' ');
    return doc.paths[path]?.[method.toLowerCase()];
  };

  beforeAll(async () => {
    doc = (await (await fresh()).http().get('/docs-json').expect(200)).body;
  });

  it.each(Object.entries(BODIES))('%s takes exactly the body of API.md', (route, fields) => {
    const op = operation(route);
    expect(op).toBeDefined();
    const schema = resolve(op!.requestBody!.content['application/json'].schema);
    const listed = fields.split(' ').map((f) => f.replace('?', ''));
    const required = fields.split(' ').filter((f) => !f.endsWith('?') && !DEFAULTED.has(`${route} ${f}`));
    expect(
      Object.keys(schema.properties ?? {})
        .filter((f) => !BESIDE.has(`${route} ${f}`))
        .sort(),
    ).toEqual([...listed].sort());
    expect([...(schema.required ?? [])].sort()).toEqual(required.sort());
    for (const field of listed.filter((f) => MONEY_FIELDS.has(f))) {
      const money = resolve(schema.properties![field]);
      if (route.endsWith('/payouts') || route.endsWith('/tax-payments') || route.endsWith('/funding-arrivals') || field !== 'amount') {
        expect({ field, properties: Object.keys(money.properties ?? {}).slice(0, 2), required: money.required }).toEqual({
          field,
          properties: ['amount', 'currency'],
          required: ['amount', 'currency'],
        });
      }
    }
  });

  it.each(Object.entries(READS))('%s is documented with its query parameters', (route, query) => {
    const op = operation(route);
    expect(op).toBeDefined();
    const documented = (op!.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    expect(documented.sort()).toEqual(query.split(/[ |]/).filter(Boolean).sort());
  });

  it('every operation documents its 2xx answer; every /v1 one the bearer token and its 401 problem+json', () => {
    const gaps: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const route = `${method.toUpperCase()} ${path}`;
        const answers = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
        const documented = answers.some(
          ([status, answer]) =>
            (status === '204' && Boolean(answer.description)) ||
            Object.entries(answer.content ?? {}).some(([media, { schema }]) =>
              media === 'application/json' ? Object.keys(resolve(schema ?? {}).properties ?? {}).length > 0 : Boolean(schema && answer.description),
            ),
        );
        if (!documented) gaps.push(`${route}: no 2xx answer with a schema or a described download`);
        if (!path.startsWith('/v1/')) continue;
        if (ANONYMOUS.has(route)) {
          // Signing in needs no token: the document must not ask for one.
          if ((op.security ?? []).some((requirement) => 'bearer' in requirement)) gaps.push(`${route}: anonymous but documents bearer security`);
          continue;
        }
        if (!(op.security ?? []).some((requirement) => 'bearer' in requirement)) gaps.push(`${route}: no bearer security`);
        const unauthenticated = op.responses?.['401']?.content?.['application/problem+json']?.schema;
        const problem = unauthenticated && resolve(unauthenticated);
        if (!problem || !['type', 'title', 'status', 'detail'].every((field) => problem.required?.includes(field))) {
          gaps.push(`${route}: no 401 application/problem+json {type, title, status, detail}`);
        }
      }
    }
    expect(gaps).toEqual([]);
  });

  it('every operation has a summary in Simplified Chinese and in English ("登记线索 / Register a lead")', () => {
    const missing: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const [zh = '', en = '', ...rest] = (op.summary ?? '').split(' / ');
        const simplified = /\p{Script=Han}/u.test(zh) && !/[\p{Script=Latin}]{3}/u.test(zh.replace(/API|Excel|ID/g, ''));
        if (!simplified || !/^[A-Z][\x20-\x7e]+$/.test(en) || rest.length)
          missing.push(`${method.toUpperCase()} ${path}: ${JSON.stringify(op.summary ?? null)}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('GET /v1/projects/{id} answers the ProjectView of API.md, every field present', () => {
    const view = resolve(operation('GET /v1/projects/{id}')!.responses!['200'].content!['application/json'].schema!);
    const fields = PROJECT_VIEW_FIELDS.split(' ');
    expect(Object.keys(view.properties ?? {}).sort()).toEqual([...fields].sort());
    expect([...(view.required ?? [])].sort()).toEqual([...fields].sort());
    expect(Object.keys(resolve(view.properties!.dates).properties ?? {}).sort()).toEqual(PROJECT_DATES.split(' ').sort());
    for (const money of ['plannedInvestment', 'committedInvestment', 'fundingArrivedCny', 'taxPaidCny']) {
      expect({ money, fields: Object.keys(resolve(view.properties![money]).properties ?? {}).slice(0, 2) }).toEqual({ money, fields: ['amount', 'currency'] });
    }
  });
});
