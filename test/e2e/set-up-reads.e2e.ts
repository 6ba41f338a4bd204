/**
 * Set-up reads (API.md "Beyond this page"): reward and assessment policies with their repeal state,
 * a township's officials, referrers with their projects, the park registry (a lead naming an unknown
 * park is refused), and `unitId` filters that include the units below. Every test runs on a ledger of its
 * own (the demo's units and two leads), so the file passes in any order.
 */
import { freshLedgers, type TestLedger } from '../support/ledger-app.js';
import { head, huafangLead, jinyulaiLead, problemOf, registerUnits, written } from './projects-fixtures.js';

const fresh = freshLedgers();
let ledger: TestLedger;
let huafang = '';
let jinyulai = '';

beforeEach(async () => {
  ledger = await fresh();
  await registerUnits(ledger);
  huafang = written(await ledger.created('recorder', '/v1/projects', huafangLead())).projectId;
  jinyulai = written(await ledger.created('recorder', '/v1/projects', jinyulaiLead())).projectId;
});

describe('parks: a registry', () => {
  it('a lead naming an unknown park is 422 known-park and appends nothing', async () => {
    const before = await head(ledger);
    const res = await ledger
      .as('recorder')
      .post('/v1/projects')
      .send(huafangLead({ name: '另一項目', parkId: 'xiajin-textle-park' }))
      .expect(422);
    expect(problemOf(res).rule).toBe('known-park');
    expect(await head(ledger)).toBe(before);
  });

  it('POST /v1/parks is the admin’s; a second registration or an unknown unit is 422', async () => {
    await ledger.as('recorder').post('/v1/parks').send({ parkId: 'qingyun-park', name: '慶雲經濟開發區', unitId: 'qingyun' }).expect(403);
    await ledger.created('admin', '/v1/parks', { parkId: 'qingyun-park', name: '慶雲經濟開發區', unitId: 'qingyun' });
    expect(problemOf(await ledger.as('admin').post('/v1/parks').send({ parkId: 'qingyun-park', name: 'x', unitId: 'qingyun' }).expect(422)).rule).toBe(
      'park-once',
    );
    expect(problemOf(await ledger.as('admin').post('/v1/parks').send({ parkId: 'p2', name: 'x', unitId: 'nowhere' }).expect(422)).rule).toBe('known-unit');
  });

  it('GET /v1/parks lists them, by unit and below; GET /v1/parks/{id} reads one', async () => {
    await ledger.created('admin', '/v1/parks', { parkId: 'qingyun-park', name: '慶雲經濟開發區', unitId: 'qingyun' });
    const all = (await ledger.as('recorder').get('/v1/parks').expect(200)).body.items as { parkId: string }[];
    expect(all.map((p) => p.parkId)).toEqual(['qingyun-park', 'xiajin-textile-park']);
    const xiajin = (await ledger.as('supervisor').get('/v1/parks?unitId=xiajin').expect(200)).body.items as { parkId: string }[];
    expect(xiajin.map((p) => p.parkId)).toEqual(['xiajin-textile-park']);
    expect((await ledger.as('supervisor').get('/v1/parks/qingyun-park').expect(200)).body).toEqual({
      parkId: 'qingyun-park',
      name: '慶雲經濟開發區',
      unitId: 'qingyun',
    });
    await ledger.as('supervisor').get('/v1/parks/none').expect(404);
  });
});

describe('unitId filters include the units below', () => {
  it('GET /v1/projects?unitId=<county> lists its townships’ projects too', async () => {
    const ids = async (unitId: string) =>
      ((await ledger.as('supervisor').get(`/v1/projects?unitId=${unitId}`).expect(200)).body.items as { projectId: string }[]).map((p) => p.projectId);
    expect(await ids('xiajin')).toEqual([huafang]); // 華芳 is credited to 鄭保屯鎮, a township of 夏津縣
    expect(await ids('xiajin-zhengbaotun')).toEqual([huafang]);
    expect(await ids('qingyun')).toEqual([jinyulai]);
    expect(await ids('nowhere')).toEqual([]);
  });
});

describe('policies with their repeal state', () => {
  it('GET /v1/policies/referrer-reward gives every policy in the order issued, a repeal with its day and reason', async () => {
    const first = (
      await ledger.created('admin', '/v1/policies/referrer-reward', {
        rateBps: 300,
        productiveSectors: ['secondary'],
        effectiveFrom: '2025-01-01',
        lifetimeCap: { amount: '500000', currency: 'CNY' },
      })
    ).body.policyId as string;
    const second = (
      await ledger.created('admin', '/v1/policies/referrer-reward', { rateBps: 200, productiveSectors: ['primary', 'secondary'], effectiveFrom: '2025-06-01' })
    ).body.policyId as string;
    await ledger.created('admin', '/v1/policies/referrer-reward/repeal', { policyId: first, repealedFrom: '2026-07-01', reason: '公平競爭審查' });
    const res = await ledger.as('finance').get('/v1/policies/referrer-reward').expect(200);
    expect(res.body.items).toEqual([
      {
        policyId: first,
        rateBps: 300,
        productiveSectors: ['secondary'],
        effectiveFrom: '2025-01-01',
        lifetimeCap: { amount: '500000.00', currency: 'CNY' },
        repealed: { repealedFrom: '2026-07-01', reason: '公平競爭審查' },
      },
      { policyId: second, rateBps: 200, productiveSectors: ['primary', 'secondary'], effectiveFrom: '2025-06-01', lifetimeCap: null, repealed: null },
    ]);
    await ledger.as('recorder').get('/v1/policies/referrer-reward').expect(403);
  });

  it('GET /v1/policies/assessment gives every assessment policy', async () => {
    const id = (
      await ledger.created('admin', '/v1/policies/assessment', {
        minimumProjectCny: { amount: '10000000', currency: 'CNY' },
        fixedAssetSectors: ['secondary'],
        realEstateTaxMultiplier: 8,
        effectiveFrom: '2025-01-01',
      })
    ).body.policyId as string;
    const res = await ledger.as('supervisor').get('/v1/policies/assessment').expect(200);
    expect(res.body.items).toEqual([
      {
        policyId: id,
        minimumProjectCny: { amount: '10000000.00', currency: 'CNY' },
        fixedAssetSectors: ['secondary'],
        realEstateTaxMultiplier: 8,
        otherSectorsCount: false,
        effectiveFrom: '2025-01-01',
      },
    ]);
  });
});

describe('a township’s officials', () => {
  it('GET /v1/townships/{unitId}/officials gives posts and dates, a departure closing its tenure', async () => {
    await ledger.created('admin', '/v1/townships/xiajin-zhengbaotun/officials', {
      officialId: 'zhang-hongwei',
      name: '張宏偉',
      post: 'party_secretary',
      from: '2021-01-04',
    });
    await ledger.created('admin', '/v1/townships/xiajin-zhengbaotun/officials', {
      officialId: 'li-guifang',
      name: '李桂芳',
      post: 'township_head',
      from: '2022-03-01',
    });
    await ledger.created('admin', '/v1/townships/xiajin-zhengbaotun/officials/li-guifang/departure', { post: 'township_head', on: '2025-06-30' });
    const res = await ledger.as('supervisor').get('/v1/townships/xiajin-zhengbaotun/officials').expect(200);
    expect(res.body).toEqual({
      unitId: 'xiajin-zhengbaotun',
      items: [
        { officialId: 'zhang-hongwei', name: '張宏偉', post: 'party_secretary', from: '2021-01-04', to: null },
        { officialId: 'li-guifang', name: '李桂芳', post: 'township_head', from: '2022-03-01', to: '2025-06-30' },
      ],
    });
    await ledger.as('supervisor').get('/v1/townships/xiajin/officials').expect(404); // a county, not a township
  });
});

describe('referrers with their projects', () => {
  it('GET /v1/referrers and /v1/referrers/{id} name each referrer’s projects and when they were attached', async () => {
    await ledger.created('assessor', `/v1/projects/${jinyulai}/referrer`, {
      referrerId: 'ref-wang-jianguo',
      name: '王建國',
      kind: 'person',
      assignedOn: '2026-03-01',
    });
    const one = await ledger.as('finance').get('/v1/referrers/ref-wang-jianguo').expect(200);
    expect(one.body).toMatchObject({ referrerId: 'ref-wang-jianguo', name: '王建國', kind: 'person' });
    expect(one.body.projects).toEqual(
      expect.arrayContaining([
        {
          projectId: huafang,
          name: '棉紡織項目一期',
          investor: '華芳集團',
          creditCode: null,
          unitId: 'xiajin-zhengbaotun',
          stage: 'lead',
          attachedOn: '2026-01-12',
        },
        { projectId: jinyulai, name: '保鮮設備項目', investor: '金魚來保鮮設備', creditCode: null, unitId: 'qingyun', stage: 'lead', attachedOn: '2026-03-01' },
      ]),
    );
    expect(one.body.projects).toHaveLength(2);
    const all = await ledger.as('supervisor').get('/v1/referrers').expect(200);
    expect((all.body.items as { referrerId: string }[]).map((r) => r.referrerId)).toEqual(['ref-wang-jianguo']);
    await ledger.as('finance').get('/v1/referrers/nobody').expect(404);
  });
});
