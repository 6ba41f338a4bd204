/**
 * Exports finance and supervisors can use: the project ledger (台账) as xlsx with names, numbers,
 * totals and filters; 各县区招商引资完成情况表 for a quarter and the year to date against targets,
 * with hand-computed figures.
 */
import { readXlsx } from '../../libs/platform/testing/read-xlsx.js';
import { binary, cny, startLedger, type TestLedger } from '../support/ledger-app.js';
import { written } from './projects-fixtures.js';

let ledger: TestLedger;
let huafang = '';
let xijie = '';

beforeAll(async () => {
  ledger = await startLedger();
  const as = (who: 'admin' | 'recorder' | 'assessor', path: string, body: object) => ledger.created(who, path, body);
  await as('admin', '/v1/units', { unitId: 'xiajin', name: '夏津县', kind: 'county' });
  await as('admin', '/v1/units', { unitId: 'xiajin-zbt', name: '郑保屯镇', kind: 'township', parentId: 'xiajin' });
  await as('admin', '/v1/units', { unitId: 'xiajin-bc', name: '北城街道', kind: 'township', parentId: 'xiajin' });
  await as('admin', '/v1/units', { unitId: 'qingyun', name: '庆云县', kind: 'county' });
  await as('admin', '/v1/parks', { parkId: 'xiajin-textile', name: '夏津纺织工业园', unitId: 'xiajin' });
  await as('assessor', '/v1/townships/xiajin-zbt/targets', { year: 2026, target: cny('100000000.00') });
  await as('assessor', '/v1/townships/xiajin-bc/targets', { year: 2026, target: cny('60000000.00') });
  const lead = (body: object) => as('recorder', '/v1/projects', { origin: 'domestic', sector: 'secondary', ...body });
  huafang = written(
    await lead({
      name: '棉纺织项目',
      investor: '华芳集团',
      creditCode: '91350100M000100Y43',
      plannedInvestment: cny('300000000.00'),
      unitId: 'xiajin-zbt',
      parkId: 'xiajin-textile',
      leadOn: '2026-01-08',
    }),
  ).projectId;
  xijie = written(
    await lead({
      name: '赖氨酸项目',
      investor: '韩国西杰',
      origin: 'foreign',
      plannedInvestment: { amount: '10000000.00', currency: 'USD', cnyRate: '7.1000' },
      unitId: 'qingyun',
      leadOn: '2026-02-01',
    }),
  ).projectId;
  await as('recorder', `/v1/projects/${huafang}/signing`, { kind: 'contract', committedInvestment: cny('280000000.00'), signedOn: '2026-02-10' });
  await as('recorder', `/v1/projects/${huafang}/funding-arrivals`, { amount: cny('50000000.00'), bankReference: 'BOC-1', arrivedOn: '2026-03-12' });
  await as('recorder', `/v1/projects/${huafang}/funding-arrivals`, { amount: cny('30000000.00'), bankReference: 'BOC-2', arrivedOn: '2026-07-20' });
  await as('recorder', `/v1/projects/${xijie}/signing`, { kind: 'contract', committedInvestment: cny('71000000.00'), signedOn: '2026-08-01' });
  await as('recorder', `/v1/projects/${xijie}/funding-arrivals`, { amount: cny('20000000.00'), bankReference: 'ICBC-9', arrivedOn: '2026-08-15' });
});
afterAll(() => ledger.close());

describe('the project ledger (台账)', () => {
  it('exports every project with names beside ids, money as numbers, a totals row, filters and a title', async () => {
    const res = await binary(ledger.as('supervisor').get('/v1/projects/export?format=xlsx&unitId=xiajin')).expect(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="project-ledger-xiajin-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const { cells, table, worksheet } = await readXlsx(res.body as Buffer);
    expect(cells[0][0]).toBe('招商引资项目台账');
    expect(String(cells[1][0])).toContain('夏津县');
    const rows = table('项目编号');
    expect(rows[0].slice(0, 7)).toEqual(['项目编号', '项目名称', '投资方', '统一社会信用代码', '认定单位代码', '认定单位', '园区']);
    expect(rows[1].slice(0, 15)).toEqual([
      huafang,
      '棉纺织项目',
      '华芳集团',
      '91350100M000100Y43',
      'xiajin-zbt',
      '郑保屯镇',
      '夏津纺织工业园',
      '内资',
      '第二产业',
      '已签约',
      300000000,
      280000000,
      80000000,
      0.2857,
      0,
    ]);
    expect(rows[2]).toEqual(expect.arrayContaining(['合计（1 个项目）', 300000000, 280000000, 80000000]));
    expect(worksheet.autoFilter).toBeTruthy();
  });

  it('includes foreign amounts at their CNY value, and every unit without a filter', async () => {
    const res = await ledger.as('recorder').get('/v1/projects/export?format=csv&lang=en').expect(200);
    const lines = res.text.split('\r\n');
    expect(lines[0].startsWith('\uFEFFprojectId,name,investor,creditCode')).toBe(true);
    expect(lines.find((l) => l.startsWith(xijie))).toContain(',71000000.00,71000000.00,20000000.00,');
    expect(lines.at(-2)).toContain('Total (2 projects),,,,,,,,,,371000000.00,351000000.00,100000000.00,');
  });
});

describe('各县区招商引资完成情况表', () => {
  it('per county: signed, committed and arrived in the quarter and the year to date, against the townships’ targets', async () => {
    const res = await ledger.as('supervisor').get('/v1/reports/county-progress/2026-Q3').expect(200);
    expect(res.body).toEqual({
      period: '2026-Q3',
      from: '2026-07-01',
      to: '2026-09-30',
      units: [
        {
          unitId: 'qingyun',
          name: '庆云县',
          period: { signedProjects: 1, committed: cny('71000000.00'), arrived: cny('20000000.00') },
          yearToDate: { signedProjects: 1, committed: cny('71000000.00'), arrived: cny('20000000.00') },
          target: null,
          completion: null,
        },
        {
          unitId: 'xiajin',
          name: '夏津县',
          period: { signedProjects: 0, committed: cny('0.00'), arrived: cny('30000000.00') },
          yearToDate: { signedProjects: 1, committed: cny('280000000.00'), arrived: cny('80000000.00') },
          target: cny('160000000.00'),
          completion: 0.5, // 80,000,000 / 160,000,000
        },
      ],
    });
  });

  it('exports it with totals (the sum arrived over the sum of targets) as xlsx and PDF', async () => {
    const xlsx = await binary(ledger.as('assessor').get('/v1/reports/county-progress/2026-09/export?format=xlsx')).expect(200);
    const { cells, table } = await readXlsx(xlsx.body as Buffer);
    expect(cells[0][0]).toBe('各县区招商引资完成情况表');
    const rows = table('县区代码');
    expect(rows[1]).toEqual(['qingyun', '庆云县', 0, 0, 0, 1, 71000000, 20000000]); // September: nothing new in 庆云县
    expect(rows[3]).toEqual(['合计', '', 0, 0, 0, 2, 351000000, 100000000, 160000000, 0.625]);
    const pdf = await binary(ledger.as('supervisor').get('/v1/reports/county-progress/2026-Q3/export?format=pdf')).expect(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await ledger.as('recorder').get('/v1/reports/county-progress/2026-Q3').expect(403);
    await ledger.as('supervisor').get('/v1/reports/county-progress/2026-13').expect(400);
  });
});
