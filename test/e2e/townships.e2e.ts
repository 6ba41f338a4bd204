/**
 * Townships over HTTP (API.md "Set-up" officials, "Townships and promotion"): officials, targets,
 * year closings with the actual taken from funding arrived, exits, bans, eligibility, the register
 * export, revisions, roles, idempotent replay and rebuild-equals-live. Every test runs on a ledger of its own or
 * one it only reads, so the suite passes in any order (jest --randomize).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { readXlsx } from '../../libs/platform/testing/read-xlsx.js';
import { CliUsageError, parseCommandLine } from '../../libs/platform/cli/cli-command.js';
import { Projector } from '../../libs/projector/index.js';
import { exportBansCommand } from '../../libs/townships/index.js';
import { cny, startLedger, type TestLedger, type TokenName } from '../support/ledger-app.js';

/** The table of an exported register: from its header row to its last ban. */
const xlsxRows = async (file: Buffer, header = '官员编号') => (await readXlsx(file)).table(header).filter((r) => r.length > 1);

const closing = (year: number, closedOn: string, extra: object = {}) => ({ year, closedOn, ...extra });

/** Every ledger of this suite: its clock on 2026-02-01, closed after the test. */
const ledgers: TestLedger[] = [];
async function fresh(): Promise<TestLedger> {
  const ledger = await startLedger();
  ledger.clock.instant = new Date('2026-02-01T04:00:00Z');
  ledgers.push(ledger);
  return ledger;
}
afterAll(() => Promise.all(ledgers.map((l) => l.close())));

/** 青雲鎮 under 臨城縣, a project funded 200 in 2024 and 300 in 2025, 李華 and (after 王強) 趙明 at its head. */
async function township(ledger: TestLedger): Promise<{ projectId: string; appointed: { body: unknown } }> {
  const ok = (who: TokenName, path: string, body: object) => ledger.created(who, path, body);
  const fund = (projectId: string, amount: string, arrivedOn: string) =>
    ok('recorder', `/v1/projects/${projectId}/funding-arrivals`, { amount: cny(amount), bankReference: `ref-${arrivedOn}-${amount}`, arrivedOn });
  await ok('admin', '/v1/units', { unitId: 'lincheng', name: '臨城縣', kind: 'county' });
  await ok('admin', '/v1/units', { unitId: 'qingyun', name: '青雲鎮', kind: 'township', parentId: 'lincheng' });
  const lead = await ok('recorder', '/v1/projects', {
    name: '紡織廠',
    investor: '華芳集團',
    origin: 'domestic',
    sector: 'secondary',
    plannedInvestment: cny('5000.00'),
    unitId: 'qingyun',
    leadOn: '2024-01-05',
  });
  const projectId = (lead.body as { projectId: string }).projectId;
  await ok('recorder', `/v1/projects/${projectId}/signing`, { kind: 'contract', committedInvestment: cny('5000.00'), signedOn: '2024-02-01' });
  await fund(projectId, '200.00', '2024-03-01');
  await fund(projectId, '300.00', '2025-03-01');

  const appointed = await ok('admin', '/v1/townships/qingyun/officials', { officialId: 'li', name: '李華', post: 'party_secretary', from: '2020-01-01' });
  await ok('admin', '/v1/townships/qingyun/officials', { officialId: 'wang', name: '王強', post: 'township_head', from: '2020-01-01' });
  await ok('admin', '/v1/townships/qingyun/officials/wang/departure', { post: 'township_head', on: '2026-01-11' });
  await ok('admin', '/v1/townships/qingyun/officials', { officialId: 'zhao', name: '趙明', post: 'township_head', from: '2026-01-11' });
  return { projectId, appointed };
}

/** Targets of 1000 for 2024 and 2025, both years closed failed (the second with Idempotency-Key close-2025): an exit. */
async function closeTwoFailedYears(ledger: TestLedger) {
  const ok = (who: TokenName, path: string, body: object) => ledger.created(who, path, body);
  await ok('assessor', '/v1/townships/qingyun/targets', { year: 2024, target: cny('1000') });
  await ok('assessor', '/v1/townships/qingyun/targets', { year: 2025, target: cny('1000.00') });
  const first = await ok('assessor', '/v1/townships/qingyun/year-closings', closing(2024, '2025-01-10'));
  const again = await ledger.as('assessor').post('/v1/townships/qingyun/year-closings').send(closing(2024, '2025-01-11')).expect(409);
  const second = await ledger
    .as('assessor')
    .post('/v1/townships/qingyun/year-closings')
    .set('Idempotency-Key', 'close-2025')
    .send(closing(2025, '2026-01-12'))
    .expect(201);
  return { first, again, second };
}

describe('townships: officials, targets and year closings', () => {
  it('sets up units, a funded project and the heads', async () => {
    const { appointed } = await township(await fresh());
    expect(appointed.body).toEqual({ unitId: 'qingyun', eventId: expect.any(String), revision: 0 });
  });

  it.each<[TokenName, string, object]>([
    ['assessor', '/v1/townships/qingyun/officials', { officialId: 'x', name: 'X', post: 'township_head', from: '2026-01-20' }],
    ['recorder', '/v1/townships/qingyun/officials/li/departure', { post: 'party_secretary', on: '2026-01-20' }],
    ['admin', '/v1/townships/qingyun/targets', { year: 2024, target: cny('1000.00') }],
    ['recorder', '/v1/townships/qingyun/targets', { year: 2024, target: cny('1000.00') }],
    ['admin', '/v1/townships/qingyun/year-closings', closing(2024, '2025-01-10')],
    ['supervisor', '/v1/townships/qingyun/year-closings', closing(2024, '2025-01-10')],
  ])('refuses the %s role on %s (403)', async (who, path, body) => {
    const ledger = await fresh();
    await township(ledger);
    await ledger.as(who).post(path).send(body).expect(403);
  });

  it('refuses a closing without a target (422) and malformed input (400)', async () => {
    const ledger = await fresh();
    await township(ledger);
    const res = await ledger.as('assessor').post('/v1/townships/qingyun/year-closings').send(closing(2024, '2025-01-10')).expect(422);
    expect(res.body).toMatchObject({ status: 422, rule: 'target-required' });
    const bad = await ledger
      .as('assessor')
      .post('/v1/townships/qingyun/targets')
      .send({ year: '2024', target: { amount: '1.00', currency: 'USD', cnyRate: '7' }, extra: 1 })
      .expect(400);
    expect(new Set((bad.body as { errors: { field: string }[] }).errors.map((e) => e.field))).toEqual(
      new Set(['extra', 'target.cnyRate', 'target.currency', 'year']),
    );
    await ledger
      .as('assessor')
      .post('/v1/townships/nowhere/targets')
      .send({ year: 2024, target: cny('1.00') })
      .expect(404);
    const county = await ledger
      .as('assessor')
      .post('/v1/townships/lincheng/targets')
      .send({ year: 2024, target: cny('1.00') })
      .expect(422);
    expect(county.body).toMatchObject({ rule: 'townships-only' });
  });

  it('a stale If-Match is 412 for a year closing exactly as for a target on the same stream, and appends nothing', async () => {
    const ledger = await fresh();
    await township(ledger);
    await ledger.created('assessor', '/v1/townships/qingyun/targets', { year: 2024, target: cny('1000') });
    const before = (await ledger.as('auditor').get('/v1/audit/digest').expect(200)).body as { position: number };
    const staleTarget = await ledger
      .as('assessor')
      .post('/v1/townships/qingyun/targets')
      .set('If-Match', '99')
      .send({ year: 2026, target: cny('1.00') })
      .expect(412);
    const staleClosing = await ledger
      .as('assessor')
      .post('/v1/townships/qingyun/year-closings')
      .set('If-Match', '99')
      .send(closing(2024, '2025-01-10'))
      .expect(412);
    expect(staleClosing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(staleClosing.body).toMatchObject({ status: 412 });
    expect(staleClosing.body.detail).toBe(staleTarget.body.detail);
    expect(((await ledger.as('auditor').get('/v1/audit/digest').expect(200)).body as { position: number }).position).toBe(before.position);
  });

  it('closes two failed years with the actual from funding arrived: the township exits on the second closing', async () => {
    const ledger = await fresh();
    await township(ledger);
    const { first, again, second } = await closeTwoFailedYears(ledger);
    expect(first.body).toEqual({ year: 2024, target: cny('1000.00'), actual: cny('200.00'), met: false, exited: false });
    expect(again.body).toMatchObject({ status: 409, year: 2024, closedOn: '2025-01-10' });
    expect(second.body).toEqual({ year: 2025, target: cny('1000.00'), actual: cny('300.00'), met: false, exited: true });
  });

  it('follows a revision that turns a failed year into a met one; a replayed request still gets its first answer', async () => {
    const ledger = await fresh();
    const { projectId } = await township(ledger);
    await closeTwoFailedYears(ledger);
    await ledger.created('recorder', `/v1/projects/${projectId}/funding-arrivals`, {
      amount: cny('800.00'),
      bankReference: 'ref-2024-06-01-800.00',
      arrivedOn: '2024-06-01',
    });
    await ledger
      .as('assessor')
      .post('/v1/townships/qingyun/year-closings')
      .send(closing(2024, '2026-01-20', { revises: true }))
      .expect(422);
    const revised = await ledger.created(
      'assessor',
      '/v1/townships/qingyun/year-closings',
      closing(2024, '2026-01-20', { revises: true, reason: 'funding recorded late' }),
    );
    expect(revised.body).toEqual({ year: 2024, target: cny('1000.00'), actual: cny('1000.00'), met: true, exited: false });
    const qingyun = await ledger.as('supervisor').get('/v1/townships/qingyun').expect(200);
    expect((qingyun.body as { exits: unknown[] }).exits).toEqual([]);
    const li = await ledger.as('supervisor').get('/v1/officials/li/promotion-eligibility?on=2026-06-01').expect(200);
    expect(li.body).toMatchObject({ eligible: true, bans: [] });
    await ledger.as('supervisor').get('/v1/promotion-bans?activeOn=2026-06-01').expect(200, { items: [] });

    const replay = await ledger
      .as('assessor')
      .post('/v1/townships/qingyun/year-closings')
      .set('Idempotency-Key', 'close-2025')
      .send(closing(2025, '2026-01-12'))
      .expect(201);
    expect(replay.body).toEqual({ year: 2025, target: cny('1000.00'), actual: cny('300.00'), met: false, exited: true });
  });
});

describe('townships after two failed years: the register, eligibility, exports, rebuild (read only)', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await fresh();
    await township(ledger);
    await closeTwoFailedYears(ledger);
  });

  /** Runs the CLI command over the running app's modules, capturing standard output. */
  async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const code = await exportBansCommand.run(ledger.app, parseCommandLine(exportBansCommand, argv), { out, err: new PassThrough() });
    return { code, out: Buffer.concat(chunks).toString('utf8') };
  }

  it('shows the township, the bans in force, and who may be promoted', async () => {
    const township = await ledger.as('supervisor').get('/v1/townships/qingyun').expect(200);
    expect(township.body).toEqual({
      unitId: 'qingyun',
      years: [
        { year: 2024, target: cny('1000.00'), actual: cny('200.00'), met: false, closedOn: '2025-01-10' },
        { year: 2025, target: cny('1000.00'), actual: cny('300.00'), met: false, closedOn: '2026-01-12' },
      ],
      exits: [{ on: '2026-01-12', years: [2024, 2025] }],
    });
    const bans = await ledger.as('supervisor').get('/v1/promotion-bans?activeOn=2026-06-01').expect(200);
    expect(bans.body).toEqual({
      items: [
        { officialId: 'li', name: '李華', unitId: 'qingyun', failedYears: [2024, 2025], from: '2026-01-12', until: '2029-01-12' },
        { officialId: 'zhao', name: '趙明', unitId: 'qingyun', failedYears: [2024, 2025], from: '2026-01-12', until: '2029-01-12' },
      ],
    });
    const li = await ledger.as('supervisor').get('/v1/officials/li/promotion-eligibility?on=2029-01-11').expect(200);
    expect(li.body).toEqual({
      officialId: 'li',
      on: '2029-01-11',
      eligible: false,
      bans: [{ unitId: 'qingyun', failedYears: [2024, 2025], from: '2026-01-12', until: '2029-01-12' }],
    });
    const wang = await ledger.as('auditor').get('/v1/officials/wang/promotion-eligibility?on=2026-06-01').expect(200);
    expect(wang.body).toMatchObject({ eligible: true, bans: [] });
    const today = await ledger.as('supervisor').get('/v1/officials/li/promotion-eligibility').expect(200);
    expect(today.body).toMatchObject({ on: '2026-02-01', eligible: false });
    await ledger.as('supervisor').get('/v1/officials/nobody/promotion-eligibility').expect(404);
    await ledger.as('supervisor').get('/v1/townships/nowhere').expect(404);
    await ledger.as('supervisor').get('/v1/promotion-bans?activeOn=2026-02-30').expect(400);
    await ledger.as('recorder').get('/v1/promotion-bans').expect(403);
  });

  it('exports the register as CSV and Excel', async () => {
    const csv = await ledger.as('auditor').get('/v1/promotion-bans/export?format=csv&lang=en').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="promotion-bans-all.csv"');
    expect(csv.text.split('\r\n').slice(0, 2)).toEqual([
      '\uFEFFOfficial ID,Name,Township,Failed years,Banned from,Banned until (excluded)',
      'li,李華,qingyun,"2024, 2025",2026-01-12,2029-01-12',
    ]);
    const xlsx = await ledger
      .as('supervisor')
      .get('/v1/promotion-bans/export?format=xlsx&activeOn=2026-06-01')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((await xlsxRows(xlsx.body as Buffer)).map((r) => r[0])).toEqual(['官员编号', 'li', 'zhao']);
    await ledger.as('assessor').get('/v1/promotion-bans/export?format=csv').expect(403);
    await ledger.as('auditor').get('/v1/promotion-bans/export?format=docx').expect(400);
    const pdf = await ledger
      .as('auditor')
      .get('/v1/promotion-bans/export?format=pdf')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('exports the register from the CLI', async () => {
    const csv = await cli('--format', 'csv', '--active-on', '2029-01-12');
    expect(csv).toEqual({ code: 0, out: '\uFEFF官员编号,姓名,乡镇,未完成目标年度,禁止提拔起始日,禁止提拔截止日(不含)\r\n' });
    const file = join(ledger.dir, 'bans.xlsx');
    expect((await cli('--format', 'xlsx', '--lang', 'en', '--out', file)).code).toBe(0);
    expect((await xlsxRows(readFileSync(file), 'Official ID')).map((r) => [r[0], r[3]])).toEqual([
      ['Official ID', 'Failed years'],
      ['li', '2024, 2025'],
      ['zhao', '2024, 2025'],
    ]);
    await expect(cli('--format', 'xlsx')).rejects.toThrow(CliUsageError);
    await expect(cli('--format', 'csv', '--active-on', '2026-02-30')).rejects.toThrow(CliUsageError);
  });

  it('rebuilds the townships read model from zero equal to the live one, and keeps it across a restart', async () => {
    const projector = ledger.app.get(Projector);
    const live = projector.dump('townships');
    await projector.rebuild(['townships']);
    expect(projector.dump('townships')).toEqual(live);
    await ledger.restart();
    expect(ledger.app.get(Projector).dump('townships')).toEqual(live);
  });
});
