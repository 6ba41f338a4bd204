/**
 * A project's whole life over HTTP (API.md "A project's life" and "Reading projects"): units, leads,
 * signing, funding in CNY and USD, construction, production, tax, verification, credit, referrer,
 * voids, abandonment; then the status, the list with paging, the history and as-of replay. Each step of the
 * life runs on a ledger of its own that lives the steps before it first; the reads share one ledger that has
 * lived the whole life and that they only read: the file passes in any order.
 */
import type { ProjectView } from '../../libs/projects/index.js';
import type { HistoryItem } from '../../libs/projects/queries/project-queries.js';
import { freshLedgers, type TestLedger } from '../support/ledger-app.js';
import {
  TWO_DIGITS,
  history,
  huafangLead,
  jinyulaiLead,
  page,
  problemOf,
  registerUnits,
  sleep,
  view,
  written,
  xijieLead,
  type Written,
} from './projects-fixtures.js';

const fresh = freshLedgers();
/** The ledger of the running test, and the ids the steps of its life hand to each other. */
let ledger: TestLedger;
const ids = { huafang: '', jinyulai: '', xijie: '', cnyTranche: '', usdTranche: '' };

const post = async (who: 'recorder' | 'assessor', path: string, body: object): Promise<Written> => written(await ledger.created(who, path, body));

async function status(projectId: string): Promise<ProjectView> {
  return view(await ledger.as('supervisor').get(`/v1/projects/${projectId}`).expect(200));
}

/** A project's life, step by step: each step writes and checks what it wrote, on the ledger the steps before it left. */
const LIFE: [title: string, step: () => Promise<void>][] = [
  [
    'admin registers a county, a township under it and another county',
    async () => {
      await registerUnits(ledger);
      const units = await ledger.as('recorder').get('/v1/units').expect(200);
      expect((units.body as { items: unknown[] }).items).toEqual([
        { unitId: 'qingyun', name: '慶雲縣', kind: 'county', parentId: null },
        { unitId: 'xiajin', name: '夏津縣', kind: 'county', parentId: null },
        { unitId: 'xiajin-zhengbaotun', name: '鄭保屯鎮', kind: 'township', parentId: 'xiajin' },
      ]);
    },
  ],

  [
    'a recorder registers a lead with a referrer: 201 {projectId, eventId, revision: 0}',
    async () => {
      const res = await ledger.as('recorder').post('/v1/projects').send(huafangLead()).expect(201);
      const answer = written(res);
      expect(Object.keys(answer).sort()).toEqual(['eventId', 'projectId', 'revision']);
      expect(answer.projectId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(answer.revision).toBe(0);
      ids.huafang = answer.projectId;

      const project = await status(ids.huafang);
      expect(project.stage).toBe('lead');
      expect(project.referrer).toEqual({ referrerId: 'ref-wang-jianguo', name: '王建國', kind: 'person' });
      expect(project.plannedInvestment).toEqual({ amount: '300000000.00', currency: 'CNY' });
      expect(project.committedInvestment).toBeNull();
      expect(project.fundingArrivedCny).toEqual({ amount: '0.00', currency: 'CNY' });
      expect(project.fundingArrivalRate).toBeNull();
    },
  ],

  [
    'registers two more leads: a foreign one in 慶雲縣 and a lysine project',
    async () => {
      ids.jinyulai = (await post('recorder', '/v1/projects', jinyulaiLead())).projectId;
      ids.xijie = (await post('recorder', '/v1/projects', xijieLead())).projectId;
      const jinyulai = await status(ids.jinyulai);
      expect(jinyulai.plannedInvestment).toEqual({ amount: '15000000.00', currency: 'USD', cnyRate: '7.1234' });
      expect(jinyulai.referrer).toBeNull();
      expect(jinyulai.parkId).toBeNull();
    },
  ],

  [
    'signs an intent, then a contract that replaces the committed amount',
    async () => {
      const intent = await post('recorder', `/v1/projects/${ids.huafang}/signing`, {
        kind: 'intent',
        committedInvestment: { amount: '250000000.00', currency: 'CNY' },
        signedOn: '2026-02-10',
      });
      expect(intent.revision).toBe(1);
      expect((await status(ids.huafang)).stage).toBe('signed');
      const contract = await post('recorder', `/v1/projects/${ids.huafang}/signing`, {
        kind: 'contract',
        committedInvestment: { amount: '320000000', currency: 'CNY' },
        signedOn: '2026-03-15',
      });
      expect(contract.revision).toBe(2);
      const project = await status(ids.huafang);
      expect(project.stage).toBe('signed');
      expect(project.committedInvestment).toEqual({ amount: '320000000.00', currency: 'CNY' });
      // The first signing date stays the project's signing date.
      expect(project.dates.signedOn).toBe('2026-02-10');
    },
  ],

  [
    'records funding in CNY and in USD with a rate; the CNY value is rounded half-up to the fen',
    async () => {
      const cnyTranche = await post('recorder', `/v1/projects/${ids.huafang}/funding-arrivals`, {
        amount: { amount: '50000000.00', currency: 'CNY' },
        bankReference: 'ICBC-XJ-20260320-001',
        arrivedOn: '2026-03-20',
      });
      // 1 000 000.15 USD × 7.1 = 7 100 001.065 CNY → 7 100 001.07 (half-up; half-even or truncation give .06).
      const usdTranche = await post('recorder', `/v1/projects/${ids.huafang}/funding-arrivals`, {
        amount: { amount: '1000000.15', currency: 'USD' },
        cnyRate: '7.1',
        bankReference: 'BOC-SWIFT-20260402-17',
        arrivedOn: '2026-04-02',
      });
      ids.cnyTranche = cnyTranche.eventId;
      ids.usdTranche = usdTranche.eventId;
      expect([cnyTranche.revision, usdTranche.revision]).toEqual([3, 4]);

      const project = await status(ids.huafang);
      expect(project.fundingArrivedCny).toEqual({ amount: '57100001.07', currency: 'CNY' });
      // 57 100 001.07 / 320 000 000 = 0.17843750… → 0.1784
      expect(project.fundingArrivalRate).toBe(0.1784);

      const events = history(await ledger.as('auditor').get(`/v1/projects/${ids.huafang}/events`).expect(200));
      const usd = events.find((e) => e.eventId === ids.usdTranche)!;
      expect(usd.data).toEqual({
        amount: { amount: '1000000.15', currency: 'USD', cnyRate: '7.1', cny: '7100001.07' },
        bankReference: 'BOC-SWIFT-20260402-17',
        arrivedOn: '2026-04-02',
      });
    },
  ],

  [
    'breaks ground, completes and starts production',
    async () => {
      expect((await post('recorder', `/v1/projects/${ids.huafang}/groundbreaking`, { brokeGroundOn: '2026-04-18' })).revision).toBe(5);
      expect((await status(ids.huafang)).stage).toBe('under_construction');
      // Keep the recorded-at instants of groundbreaking and completion apart, for the as-of test below.
      await sleep(25);
      expect((await post('recorder', `/v1/projects/${ids.huafang}/completion`, { completedOn: '2026-08-30' })).revision).toBe(6);
      expect((await status(ids.huafang)).stage).toBe('completed');
      expect((await post('recorder', `/v1/projects/${ids.huafang}/production`, { startedOn: '2026-09-15' })).revision).toBe(7);
      expect((await status(ids.huafang)).stage).toBe('in_production');
    },
  ],

  [
    'records tax payments in CNY',
    async () => {
      await post('recorder', `/v1/projects/${ids.huafang}/tax-payments`, {
        amount: { amount: '1250000.00', currency: 'CNY' },
        taxMonth: '2026-09',
        paymentReference: 'TAX-XJ-202609-0042',
        paidOn: '2026-10-15',
      });
      await post('recorder', `/v1/projects/${ids.huafang}/tax-payments`, {
        amount: { amount: '980000.5', currency: 'CNY' },
        taxMonth: '2026-10',
        paymentReference: 'TAX-XJ-202610-0042',
        paidOn: '2026-11-10',
      });
      expect((await status(ids.huafang)).taxPaidCny).toEqual({ amount: '2230000.50', currency: 'CNY' });
    },
  ],

  [
    'an assessor verifies fixed assets (a zero part allowed) and reassigns the credit',
    async () => {
      const verified = await post('assessor', `/v1/projects/${ids.huafang}/fixed-asset-verifications`, {
        plant: { amount: '120000000.00', currency: 'CNY' },
        equipment: { amount: '85000000.00', currency: 'CNY' },
        land: { amount: '0.00', currency: 'CNY' },
        inspectedOn: '2026-09-01',
        inspector: '德州市項目評審委員會',
      });
      expect(verified.revision).toBe(10);
      const credit = await post('assessor', `/v1/projects/${ids.huafang}/credit`, {
        unitId: 'xiajin',
        reason: '項目只認定一家: 縣級統籌引進',
        on: '2026-10-20',
      });
      expect(credit.revision).toBe(11);
      expect((await status(ids.huafang)).unitId).toBe('xiajin');
    },
  ],

  [
    'an assessor assigns a referrer on the project that had none',
    async () => {
      await post('assessor', `/v1/projects/${ids.jinyulai}/referrer`, {
        referrerId: 'ref-qingyun-gsl',
        name: '慶雲縣工商聯',
        kind: 'organization',
        assignedOn: '2026-04-01',
      });
      expect((await status(ids.jinyulai)).referrer).toEqual({ referrerId: 'ref-qingyun-gsl', name: '慶雲縣工商聯', kind: 'organization' });
      await post('recorder', `/v1/projects/${ids.jinyulai}/signing`, {
        kind: 'contract',
        committedInvestment: { amount: '12000000.00', currency: 'USD', cnyRate: '7.1' },
        signedOn: '2026-05-06',
      });
      expect((await status(ids.jinyulai)).committedInvestment).toEqual({ amount: '12000000.00', currency: 'USD', cnyRate: '7.1' });
    },
  ],

  [
    'voiding a funding tranche drops it from the totals; the voided event stays in the history',
    async () => {
      const voided = await post('recorder', `/v1/projects/${ids.huafang}/voids`, {
        eventId: ids.usdTranche,
        reason: '銀行退匯: 重複入賬',
        on: '2026-11-20',
      });
      expect(voided.revision).toBe(12);
      const project = await status(ids.huafang);
      expect(project.fundingArrivedCny).toEqual({ amount: '50000000.00', currency: 'CNY' });
      // 50 000 000 / 320 000 000 = 0.15625 → 0.1563 (half-up)
      expect(project.fundingArrivalRate).toBe(0.1563);
      const events = history(await ledger.as('auditor').get(`/v1/projects/${ids.huafang}/events`).expect(200));
      expect(events.some((e) => e.eventId === ids.usdTranche)).toBe(true);
      expect(events.at(-1)!.data).toEqual({ voidedEventId: ids.usdTranche, voidedType: 'FundingArrived', reason: '銀行退匯: 重複入賬', on: '2026-11-20' });
    },
  ],

  [
    'abandons another project after its intent',
    async () => {
      await post('recorder', `/v1/projects/${ids.xijie}/signing`, {
        kind: 'intent',
        committedInvestment: { amount: '60000000.00', currency: 'CNY' },
        signedOn: '2026-04-20',
      });
      await post('recorder', `/v1/projects/${ids.xijie}/abandonment`, { reason: '投資方撤回意向', abandonedOn: '2026-10-08' });
      const project = await status(ids.xijie);
      expect(project.stage).toBe('abandoned');
      expect(project.dates.abandonedOn).toBe('2026-10-08');
      expect(project.dates.signedOn).toBe('2026-04-20');
    },
  ],
];

/** A new ledger that has lived the steps of LIFE up to and including `last` (each step's checks run on the way). */
async function livedUpTo(last: number): Promise<void> {
  ledger = await fresh();
  for (const [, step] of LIFE.slice(0, last + 1)) await step();
}

describe('a project life over HTTP', () => {
  it.each(LIFE.map(([title], index) => [title, index] as const))('%s', (_title, index) => livedUpTo(index));
});

describe('reading projects', () => {
  beforeAll(() => livedUpTo(LIFE.length - 1));

  it('GET /v1/projects/{id} gives every field, Money with two fraction digits', async () => {
    const project = await status(ids.huafang);
    expect(project).toEqual({
      projectId: ids.huafang,
      name: '棉紡織項目一期',
      investor: '華芳集團',
      creditCode: null,
      origin: 'domestic',
      sector: 'secondary',
      stage: 'in_production',
      unitId: 'xiajin',
      parkId: 'xiajin-textile-park',
      referrer: { referrerId: 'ref-wang-jianguo', name: '王建國', kind: 'person' },
      plannedInvestment: { amount: '300000000.00', currency: 'CNY' },
      committedInvestment: { amount: '320000000.00', currency: 'CNY' },
      fundingArrivedCny: { amount: '50000000.00', currency: 'CNY' },
      fundingArrivalRate: 0.1563,
      taxPaidCny: { amount: '2230000.50', currency: 'CNY' },
      dates: {
        leadOn: '2026-01-12',
        signedOn: '2026-02-10',
        brokeGroundOn: '2026-04-18',
        completedOn: '2026-08-30',
        productionStartedOn: '2026-09-15',
        abandonedOn: null,
      },
      revision: 12,
    });
    for (const money of [project.plannedInvestment, project.committedInvestment!, project.fundingArrivedCny, project.taxPaidCny]) {
      expect(money.amount).toMatch(TWO_DIGITS);
    }
  });

  it('every role may read a project status', async () => {
    for (const who of ['admin', 'recorder', 'assessor', 'finance', 'auditor', 'supervisor'] as const) {
      const res = await ledger.as(who).get(`/v1/projects/${ids.jinyulai}`).expect(200);
      expect(view(res).projectId).toBe(ids.jinyulai);
    }
  });

  it('lists with filters on unit, stage, sector and park', async () => {
    const list = async (query: string): Promise<string[]> =>
      page(await ledger.as('supervisor').get(`/v1/projects?${query}`).expect(200))
        .items.map((p) => p.projectId)
        .sort();
    expect(await list('unitId=qingyun')).toEqual([ids.jinyulai, ids.xijie].sort());
    expect(await list('unitId=xiajin')).toEqual([ids.huafang]);
    expect(await list('stage=abandoned')).toEqual([ids.xijie]);
    expect(await list('stage=in_production')).toEqual([ids.huafang]);
    expect(await list('sector=primary')).toEqual([ids.xijie]);
    expect(await list('parkId=xiajin-textile-park')).toEqual([ids.huafang]);
    expect(await list('unitId=qingyun&stage=signed')).toEqual([ids.jinyulai]);
    expect(await list('stage=lead')).toEqual([]);
    const all = page(await ledger.as('supervisor').get('/v1/projects').expect(200));
    expect(all.items.map((p) => p.projectId).sort()).toEqual([ids.huafang, ids.jinyulai, ids.xijie].sort());
    expect(all.nextCursor).toBeNull();
    expect(all.items.find((p) => p.projectId === ids.huafang)).toEqual(await status(ids.huafang));
  });

  it('walks every page with limit=1 and a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `limit=1&cursor=${encodeURIComponent(cursor)}` : 'limit=1';
      const current = page(await ledger.as('supervisor').get(`/v1/projects?${query}`).expect(200));
      expect(current.items).toHaveLength(1);
      seen.push(current.items[0].projectId);
      cursor = current.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([ids.huafang, ids.jinyulai, ids.xijie].sort());
  });

  it('refuses bad list parameters with 400 naming them', async () => {
    const res = await ledger.as('supervisor').get('/v1/projects?limit=0&stage=dreaming').expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(
      problemOf(res)
        .errors!.map((e) => e.field)
        .sort(),
    ).toEqual(['limit', 'stage']);
  });

  it('GET /v1/projects/{id}/events gives the auditor every event with its metadata and a hash chain', async () => {
    const events = history(await ledger.as('auditor').get(`/v1/projects/${ids.huafang}/events`).expect(200));
    expect(events.map((e) => e.type)).toEqual([
      'LeadRegistered',
      'ProjectSigned',
      'ProjectSigned',
      'FundingArrived',
      'FundingArrived',
      'GroundBroken',
      'ProjectCompleted',
      'ProductionStarted',
      'TaxPaid',
      'TaxPaid',
      'FixedAssetsVerified',
      'CreditReassigned',
      'FactVoided',
    ]);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
    expect(events.map((e) => e.occurredOn)).toEqual([
      '2026-01-12',
      '2026-02-10',
      '2026-03-15',
      '2026-03-20',
      '2026-04-02',
      '2026-04-18',
      '2026-08-30',
      '2026-09-15',
      '2026-10-15',
      '2026-11-10',
      '2026-09-01',
      '2026-10-20',
      '2026-11-20',
    ]);
    events.forEach((e, i) => {
      expect(Object.keys(e)).toEqual(
        expect.arrayContaining(['eventId', 'type', 'revision', 'globalPosition', 'occurredOn', 'recordedAt', 'actor', 'role', 'data', 'hash', 'previousHash']),
      );
      expect(e.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(e.previousHash).toBe(i === 0 ? '0'.repeat(64) : events[i - 1].hash);
      if (i > 0) {
        expect(e.globalPosition).toBeGreaterThan(events[i - 1].globalPosition);
        expect(e.recordedAt >= events[i - 1].recordedAt).toBe(true);
      }
    });
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    const byAssessor = new Set([10, 11]);
    for (const e of events) {
      expect([e.actor, e.role]).toEqual(byAssessor.has(e.revision) ? ['chen.ping', 'assessor'] : ['li.ming', 'recorder']);
    }
    expect(events[0].data).toMatchObject({
      projectId: ids.huafang,
      investor: '華芳集團',
      plannedInvestment: { amount: '300000000.00', currency: 'CNY', cny: '300000000.00' },
    });
  });

  it('the history is for auditors only; an unknown project is 404', async () => {
    for (const who of ['supervisor', 'recorder', 'assessor', 'finance', 'admin'] as const) {
      await ledger.as(who).get(`/v1/projects/${ids.huafang}/events`).expect(403);
    }
    await ledger.as('auditor').get('/v1/projects/00000000-0000-4000-8000-000000000000/events').expect(404);
  });

  describe('as of an instant (auditor)', () => {
    let events: HistoryItem[];
    beforeAll(async () => {
      events = history(await ledger.as('auditor').get(`/v1/projects/${ids.huafang}/events`).expect(200));
    });

    it('between the groundbreaking and the completion: the project as the ledger knew it then', async () => {
      const broke = events[5];
      const completed = events[6];
      expect([broke.type, completed.type]).toEqual(['GroundBroken', 'ProjectCompleted']);
      expect(Date.parse(completed.recordedAt) - Date.parse(broke.recordedAt)).toBeGreaterThanOrEqual(2);
      const between = new Date((Date.parse(broke.recordedAt) + Date.parse(completed.recordedAt)) / 2).toISOString();
      expect(between > broke.recordedAt && between < completed.recordedAt).toBe(true);

      const then = view(
        await ledger
          .as('auditor')
          .get(`/v1/projects/${ids.huafang}?asOf=${encodeURIComponent(between)}`)
          .expect(200),
      );
      expect(then.stage).toBe('under_construction');
      expect(then.revision).toBe(5);
      expect(then.unitId).toBe('xiajin-zhengbaotun');
      expect(then.dates).toEqual({
        leadOn: '2026-01-12',
        signedOn: '2026-02-10',
        brokeGroundOn: '2026-04-18',
        completedOn: null,
        productionStartedOn: null,
        abandonedOn: null,
      });
      // The USD tranche was not yet voided then.
      expect(then.fundingArrivedCny).toEqual({ amount: '57100001.07', currency: 'CNY' });
      expect(then.taxPaidCny).toEqual({ amount: '0.00', currency: 'CNY' });

      const upTo = history(
        await ledger
          .as('auditor')
          .get(`/v1/projects/${ids.huafang}/events?asOf=${encodeURIComponent(between)}`)
          .expect(200),
      );
      expect(upTo).toEqual(events.slice(0, 6));
    });

    it('at exactly an event recorded-at instant, that event is included; now gives today’s status', async () => {
      const at = events[5].recordedAt;
      const then = view(
        await ledger
          .as('auditor')
          .get(`/v1/projects/${ids.huafang}?asOf=${encodeURIComponent(at)}`)
          .expect(200),
      );
      expect(then.revision).toBe(5);
      expect(then.stage).toBe('under_construction');
      const now = view(
        await ledger
          .as('auditor')
          .get(`/v1/projects/${ids.huafang}?asOf=${encodeURIComponent(new Date().toISOString())}`)
          .expect(200),
      );
      expect(now).toEqual(await status(ids.huafang));
    });

    it('before the lead was recorded the project is unknown (404); a bad instant is 400', async () => {
      const before = new Date(Date.parse(events[0].recordedAt) - 1000).toISOString();
      await ledger
        .as('auditor')
        .get(`/v1/projects/${ids.huafang}?asOf=${encodeURIComponent(before)}`)
        .expect(404);
      const bad = await ledger.as('auditor').get(`/v1/projects/${ids.huafang}?asOf=yesterday`).expect(400);
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('as-of is refused to non-auditors (403)', async () => {
      const at = encodeURIComponent(events[5].recordedAt);
      for (const who of ['supervisor', 'recorder', 'assessor', 'finance', 'admin'] as const) {
        const res = await ledger.as(who).get(`/v1/projects/${ids.huafang}?asOf=${at}`).expect(403);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });
  });
});
