/**
 * The assessment slice over HTTP on the real application: policies by the admin, facts by recorders
 * and assessors, the ranking, rates, stalled list and exports read by supervisors and assessors. The tests
 * only read the ledger seeded before them; the one that writes has a ledger of its own (any order passes).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { readXlsx } from '../../libs/platform/testing/read-xlsx.js';
import type request from 'supertest';
import { cny, freshLedgers, type TestLedger } from '../support/ledger-app.js';
import { exportRankingCommand, exportStalledCommand } from '../../libs/assessment/cli/export.commands.js';

const policy = { minimumProjectCny: cny('10000000.00'), fixedAssetSectors: ['primary', 'secondary'], realEstateTaxMultiplier: 10, effectiveFrom: '2026-01-01' };

const fresh = freshLedgers();
let ledger: TestLedger;

async function created(path: string, who: 'admin' | 'recorder' | 'assessor', body: object): Promise<{ projectId: string; eventId: string }> {
  const res = await ledger.as(who).post(path).send(body);
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { projectId: string; eventId: string };
}

async function project(name: string, unitId: string, committed: string, signedOn: string, brokeGroundOn: string): Promise<string> {
  const { projectId } = await created('/v1/projects', 'recorder', {
    name,
    investor: `${name} investor`,
    origin: 'domestic',
    sector: 'secondary',
    plannedInvestment: cny(committed),
    unitId,
    leadOn: '2025-01-02',
  });
  await created(`/v1/projects/${projectId}/signing`, 'recorder', { kind: 'contract', committedInvestment: cny(committed), signedOn });
  await created(`/v1/projects/${projectId}/groundbreaking`, 'recorder', { brokeGroundOn });
  return projectId;
}

/** The xlsx bytes of a download, for reading back. */
function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

function verify(projectId: string, inspectedOn: string, plant: string) {
  return created(`/v1/projects/${projectId}/fixed-asset-verifications`, 'assessor', {
    plant: cny(plant),
    equipment: cny('0.00'),
    land: cny('0.00'),
    inspectedOn,
    inspector: 'chen.ping',
  });
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  ledger = await fresh();
  await ledger.as('admin').post('/v1/policies/assessment').send(policy).expect(201);
  for (const unit of [
    { unitId: 'xiajin', name: '夏津縣', kind: 'county' },
    { unitId: 'xiajin-town', name: '夏津鎮', kind: 'township', parentId: 'xiajin' },
    { unitId: 'qingyun', name: '慶雲縣', kind: 'county' },
  ]) {
    await ledger.as('admin').post('/v1/units').send(unit).expect(201);
  }
  ids.huafang = await project('華芳棉紡', 'xiajin-town', '500000000.00', '2025-03-01', '2025-06-01');
  await verify(ids.huafang, '2026-03-31', '230000000.00');
  const wrong = await verify(ids.huafang, '2026-04-01', '9.00');
  await created(`/v1/projects/${ids.huafang}/voids`, 'assessor', { eventId: wrong.eventId, reason: 'entered twice', on: '2026-04-02' });
  ids.yongfeng = await project('永鋒軋鋼', 'xiajin', '300000000.00', '2025-04-01', '2025-05-01');
  await verify(ids.yongfeng, '2026-05-10', '100000000.00');
  await created(`/v1/projects/${ids.yongfeng}/credit`, 'assessor', { unitId: 'qingyun', reason: 'investor relocated', on: '2026-07-01' });
  await verify(ids.yongfeng, '2026-08-10', '60000000.00');
  await created(`/v1/projects/${ids.yongfeng}/funding-arrivals`, 'recorder', { amount: cny('150000000.00'), bankReference: 'b-1', arrivedOn: '2026-09-01' });
});

describe('assessment policies', () => {
  it('are issued by an admin, once per Idempotency-Key', async () => {
    const own = await fresh();
    const next = { ...policy, effectiveFrom: '2027-01-01' };
    const first = await own.as('admin').post('/v1/policies/assessment').set('Idempotency-Key', 'policy-2027').send(next).expect(201);
    expect(first.body).toEqual({ policyId: expect.any(String), eventId: expect.any(String), revision: 0 });
    const again = await own.as('admin').post('/v1/policies/assessment').set('Idempotency-Key', 'policy-2027').send(next).expect(201);
    expect(again.body).toEqual(first.body);
  });

  it.each([
    ['a supervisor', 'supervisor', policy, 403],
    ['an assessor', 'assessor', policy, 403],
    ['a sector nobody knows', 'admin', { ...policy, fixedAssetSectors: ['mining'] }, 400],
    ['a bare number as minimum', 'admin', { ...policy, minimumProjectCny: '10000000.00' }, 400],
    ['an unknown field', 'admin', { ...policy, weight: 2 }, 400],
    ['a zero multiplier', 'admin', { ...policy, realEstateTaxMultiplier: 0 }, 422],
    ['real estate counted by fixed assets', 'admin', { ...policy, fixedAssetSectors: ['real_estate'] }, 422],
  ] as const)('refuse %s', async (_case, who, body, status) => {
    const res = await ledger.as(who).post('/v1/policies/assessment').send(body).expect(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

describe('the ranking', () => {
  it('counts verified fixed assets by the unit credited on each fact date, townships rolled into counties', async () => {
    const res = await ledger.as('supervisor').get('/v1/assessments/2026?kind=county').expect(200);
    expect(res.body).toMatchObject({ period: '2026', kind: 'county', policy: { minimumProjectCny: cny('10000000.00') } });
    expect(res.body.units).toEqual([
      {
        unitId: 'xiajin',
        name: '夏津縣',
        score: cny('330000000.00'),
        rank: 1,
        mark: 'reward',
        projects: [
          { projectId: ids.huafang, name: '華芳棉紡', countedValue: cny('230000000.00'), belowMinimum: false },
          { projectId: ids.yongfeng, name: '永鋒軋鋼', countedValue: cny('100000000.00'), belowMinimum: false },
        ],
      },
      {
        unitId: 'qingyun',
        name: '慶雲縣',
        score: cny('60000000.00'),
        rank: 2,
        mark: 'self_criticism',
        projects: [{ projectId: ids.yongfeng, name: '永鋒軋鋼', countedValue: cny('60000000.00'), belowMinimum: false }],
      },
    ]);
  });

  it('is open to assessors, ranks townships, and refuses recorders and bad periods', async () => {
    const towns = await ledger.as('assessor').get('/v1/assessments/2026-Q1?kind=township').expect(200);
    expect(towns.body.units).toMatchObject([{ unitId: 'xiajin-town', score: cny('230000000.00'), rank: 1, mark: null }]);
    await ledger.as('recorder').get('/v1/assessments/2026').expect(403);
    await ledger.as('supervisor').get('/v1/assessments/2026-Q5').expect(400);
    await ledger.as('supervisor').get('/v1/assessments/2026?kind=city').expect(400);
  });

  it('exports as CSV with English headers and as Excel with Chinese ones', async () => {
    const csv = await ledger.as('supervisor').get('/v1/assessments/2026/export?format=csv&lang=en').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="assessment-county-2026.csv"');
    expect(csv.text.split('\r\n').slice(0, 3)).toEqual([
      '\uFEFFperiod,rank,unitId,unit,score (CNY),mark,projects',
      '2026,1,xiajin,夏津縣,330000000.00,reward,2',
      '2026,2,qingyun,慶雲縣,60000000.00,self_criticism,1',
    ]);
    const xlsx = await ledger.as('assessor').get('/v1/assessments/2026/export?format=xlsx').buffer(true).parse(binary).expect(200);
    const table = (await readXlsx(xlsx.body as Buffer)).table('考核期');
    expect(table[0][1]).toBe('名次');
    expect(table[1][5]).toBe('奖励');
    expect(table[1][4]).toBe(330000000); // a number Excel can sum, shown as 330,000,000.00
  });
});

describe('rates and stalled projects', () => {
  it('gives a county its rates over the projects signed in a window', async () => {
    const res = await ledger.as('supervisor').get('/v1/units/qingyun/rates?signedFrom=2025-01-01&signedTo=2025-12-31').expect(200);
    expect(res.body).toMatchObject({ successRate: 0, fundingArrivalRate: 0.5, completionRate: 0, projects: [{ projectId: ids.yongfeng, unitId: 'qingyun' }] });
    await ledger.as('supervisor').get('/v1/units/atlantis/rates').expect(404);
    await ledger.as('supervisor').get('/v1/units/qingyun/rates?signedFrom=2026-01-01&signedTo=2025-01-01').expect(400);
  });

  it('lists stalled projects at /v1/projects/stalled, not as a project id', async () => {
    const res = await ledger.as('supervisor').get('/v1/projects/stalled?asOf=2026-11-26&days=90').expect(200);
    expect(res.body).toEqual({
      asOf: '2026-11-26',
      days: 90,
      items: [
        {
          projectId: ids.huafang,
          name: '華芳棉紡',
          unitId: 'xiajin-town',
          stage: 'under_construction',
          lastEventOn: '2026-03-31',
          daysSilent: 240,
          flags: [
            { rule: 'funding_stopped', level: 'red', since: '2025-12-01' },
            { rule: 'underfunded', level: 'red', since: '2026-03-01' },
          ],
        },
      ],
    });
    // today (the test clock's 2026-11-26) and 90 days by default
    expect((await ledger.as('assessor').get('/v1/projects/stalled').expect(200)).body.items).toEqual(res.body.items);
    await ledger.as('supervisor').get('/v1/projects/stalled?days=soon').expect(400);
    await ledger.as('recorder').get('/v1/projects/stalled').expect(403);
  });

  it('exports the stalled list', async () => {
    const csv = await ledger.as('supervisor').get('/v1/projects/stalled/export?format=csv&asOf=2026-11-26').expect(200);
    expect(csv.text.split('\r\n')[1]).toBe(`${ids.huafang},華芳棉紡,xiajin-town,在建,2026-03-31,240,红: 开工后资金未到位; 红: 资金到位不足15%`);
  });
});

describe('the CLI exports', () => {
  const run = async (command: typeof exportRankingCommand, options: Record<string, string>) => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const code = await command.run(ledger.app, { positional: [], options }, { out, err: new PassThrough() });
    return { code, text: Buffer.concat(chunks).toString('utf8') };
  };

  it('writes the ranking as CSV to standard output', async () => {
    const { code, text } = await run(exportRankingCommand, { period: '2026-Q3', format: 'csv', lang: 'en' });
    expect(code).toBe(0);
    expect(text.split('\r\n')[1]).toBe('2026-Q3,1,qingyun,慶雲縣,60000000.00,reward,1');
  });

  it('writes the stalled list as Excel to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assessment-cli-'));
    try {
      const file = join(dir, 'stalled.xlsx');
      expect((await run(exportStalledCommand, { format: 'xlsx', 'as-of': '2026-11-26', out: file })).code).toBe(0);
      expect((await readXlsx(readFileSync(file))).table('项目代码')[1][0]).toBe(ids.huafang);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad period and Excel without a file', async () => {
    await expect(run(exportRankingCommand, { period: '2026-Q9', format: 'csv' })).rejects.toThrow(/--period/);
    await expect(run(exportStalledCommand, { format: 'xlsx' })).rejects.toThrow(/--out/);
  });
});
