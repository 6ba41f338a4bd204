/**
 * Imports (libs/imports): templates, a dry run that reports every row's problems in Chinese and what
 * would be recorded, a commit through the same command handlers, and the same file again adding
 * nothing — for a 2,000-row project ledger and a 20,000-row tax file. Statements then match totals
 * computed here by hand, and the exported statement workbook's numbers sum to them. Every test runs on a
 * ledger of its own, so the file passes in any order.
 */
import { toXlsx } from '../../libs/platform/export/xlsx.js';
import { readXlsx } from '../../libs/platform/testing/read-xlsx.js';
import { templateSheets } from '../../libs/imports/application/workbook.js';
import type { ImportKind } from '../../libs/imports/domain/templates.js';
import { IMPORT_COLUMNS } from '../../libs/imports/domain/templates.js';
import { binary, freshLedgers, type TestLedger } from '../support/ledger-app.js';
import { head } from './projects-fixtures.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseCommandLine } from '../../libs/platform/cli/cli-command.js';
import { importTemplateCommand, importXlsxCommand } from '../../libs/imports/cli/import.commands.js';

import { jest } from '@jest/globals';

jest.setTimeout(240_000);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid unified social credit code for enterprise n (GB 32100-2015: weights 3^i mod 31). */
function creditCode(n: number): string {
  const first17 = `91371400MA${String(n).padStart(7, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CODE_CHARS.indexOf(first17[i]) * (3 ** i % 31);
  return first17 + CODE_CHARS[(31 - (sum % 31)) % 31];
}

/** A filled-in template: the template's own sheets with `rows` (by column key) under the example. */
async function workbook(kind: ImportKind, rows: Record<string, string>[]): Promise<Buffer> {
  const [data, notes] = templateSheets(kind, 'zh');
  const keys = IMPORT_COLUMNS[kind].map((c) => c.key);
  return toXlsx([{ ...data, rows: [...data.rows, ...rows.map((r) => keys.map((k) => r[k] ?? ''))] }, notes]);
}

let ledger: TestLedger;
const upload = (path: string, file: Buffer) => ledger.as('recorder').post(path).set('Content-Type', XLSX).send(file);

const PROJECTS = 2000;
const TAX_PER_PROJECT = 10;
const COUNTIES = ['xiajin', 'qingyun'];
const referrerOf = (n: number) => `ref-${n % 50}`;
/** Tax of project n in month m (1..10 of 2026): some cents, so rounding per line matters. */
const taxFen = (n: number, m: number) => 100_000n + BigInt(n % 97) * 1_001n + BigInt(m * 7);

function ledgerRow(n: number): Record<string, string> {
  return {
    name: `第${n}号项目`,
    investor: `德州第${n}实业有限公司`,
    creditCode: creditCode(n),
    origin: n % 5 === 0 ? '外资' : '内资',
    sector: '第二产业',
    plannedAmount: '50000000.00',
    currency: n % 5 === 0 ? 'USD' : 'CNY',
    cnyRate: n % 5 === 0 ? '7.1234' : '',
    unitId: `${COUNTIES[n % 2]}-town`,
    referrerId: referrerOf(n),
    referrerName: `引荐人${n % 50}`,
    referrerKind: '个人',
    leadOn: '2025-01-06',
    signingKind: '正式合同',
    committedAmount: '45000000.00',
    signedOn: '2025-02-10',
    brokeGroundOn: '2025-03-01',
    completedOn: '2025-09-30',
    productionStartedOn: '2025-12-01',
  };
}

function taxRow(n: number, m: number): Record<string, string> {
  const fen = taxFen(n, m);
  const month = `2026-${String(m).padStart(2, '0')}`;
  return {
    creditCode: creditCode(n),
    taxMonth: month,
    amount: `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`,
    paymentReference: `TAX-${n}-${month}`,
    paidOn: `${month}-15`,
  };
}

/** Half-up of fen × bps / 10000, as finance would on paper. */
const reward = (fen: bigint, bps: bigint) => (fen * bps + 5000n) / 10000n;

const fresh = freshLedgers();

/** Every test's ledger: two counties with a township each, and a 3% reward policy for the secondary sector. */
beforeEach(async () => {
  ledger = await fresh();
  for (const county of COUNTIES) {
    await ledger.created('admin', '/v1/units', { unitId: county, name: county === 'xiajin' ? '夏津县' : '庆云县', kind: 'county' });
    await ledger.created('admin', '/v1/units', { unitId: `${county}-town`, name: `${county} 镇`, kind: 'township', parentId: county });
  }
  await ledger.created('admin', '/v1/policies/referrer-reward', { rateBps: 300, productiveSectors: ['secondary'], effectiveFrom: '2020-01-01' });
});

describe('templates', () => {
  it.each(['ledger', 'tax'] as const)('the %s template has zh headers, an example row and a notes sheet', async (kind) => {
    const res = await binary(ledger.as('recorder').get(`/v1/imports/${kind}/template`)).expect(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const first = IMPORT_COLUMNS[kind][0].zh;
    const { table } = await readXlsx(res.body as Buffer);
    expect(table(first)[0]).toEqual(IMPORT_COLUMNS[kind].map((c) => c.zh));
    expect(table(first)[1].length).toBeGreaterThan(3); // the example
    const notes = await readXlsx(res.body as Buffer, 1);
    expect(notes.worksheet.name).toBe('填写说明');
    expect(notes.cells.length).toBeGreaterThan(IMPORT_COLUMNS[kind].length);
  });

  it('the template itself imports nothing (its example row is ignored)', async () => {
    const res = await binary(ledger.as('recorder').get('/v1/imports/ledger/template')).expect(200);
    const dry = await upload('/v1/imports/ledger/dry-run', res.body as Buffer).expect(200);
    expect(dry.body).toMatchObject({ rows: 0, problems: [], events: 0 });
  });
});

describe('a file with problems', () => {
  it('the dry run names every problem by row and column, in Chinese; the commit refuses the file and appends nothing', async () => {
    const bad = await workbook('ledger', [
      { ...ledgerRow(90001), leadOn: '2025-02-30' },
      { ...ledgerRow(90002), unitId: 'nowhere' },
      { ...ledgerRow(90003), creditCode: '91371400MA0090003X' },
      { ...ledgerRow(90004), brokeGroundOn: '2025-01-01' }, // before the signing
      { ...ledgerRow(90005), name: '' },
    ]);
    const before = await head(ledger);
    const dry = await upload('/v1/imports/ledger/dry-run', bad).expect(200);
    const problems = dry.body.problems as { row: number; column: string; message: string }[];
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [5, '线索日期'],
      [6, '认定单位代码'],
      [7, '统一社会信用代码'],
      [8, '开工日期'],
      [9, '项目名称'],
    ]);
    expect(problems[0].message).toContain('不是有效日期');
    expect(problems[1].message).toContain('未登记');
    expect(problems[2].message).toContain('校验位');
    expect(problems[3].message).toMatch(/^开工：/);
    expect(problems[4].message).toBe('必填');
    const refused = await upload('/v1/imports/ledger', bad).expect(422);
    expect(refused.body).toMatchObject({ rule: 'import-has-problems' });
    expect(refused.body.problems).toHaveLength(5);
    expect(await head(ledger)).toBe(before);
  });

  it('a body that is not a workbook is 422, one without the xlsx type 415', async () => {
    await upload('/v1/imports/tax/dry-run', Buffer.from('not a workbook')).expect(422);
    await ledger.as('recorder').post('/v1/imports/tax/dry-run').send({ rows: [] }).expect(415);
    await ledger.as('supervisor').post('/v1/imports/tax/dry-run').set('Content-Type', XLSX).send(Buffer.from('x')).expect(403);
    await upload('/v1/imports/nothing/dry-run', Buffer.from('x')).expect(404);
  });
});

describe('a 2,000-row project ledger, then a 20,000-row tax file', () => {
  let ledgerFile: Buffer;
  let taxFile: Buffer;

  beforeAll(async () => {
    ledgerFile = await workbook(
      'ledger',
      Array.from({ length: PROJECTS }, (_, n) => ledgerRow(n)),
    );
    const taxes: Record<string, string>[] = [];
    for (let m = 1; m <= TAX_PER_PROJECT; m++) for (let n = 0; n < PROJECTS; n++) taxes.push(taxRow(n, m));
    taxes.push({ creditCode: creditCode(99999), taxMonth: '2026-01', amount: '1.00', paymentReference: 'NOBODY', paidOn: '2026-01-15' });
    taxFile = await workbook('tax', taxes);
  });

  // One test: the tax file matches the projects the ledger file recorded (importing 2,000 rows twice would double its time).
  it('ledger then tax: dry runs record nothing, commits record once, the same file again adds nothing; statements match the hand-computed totals', async () => {
    await importLedgerFile();
    await importTaxFile();
  }, 480_000); // the two imports' times together

  /** The dry run records nothing and says what the commit will; the commit records it; the same file again adds nothing. */
  async function importLedgerFile(): Promise<void> {
    const before = await head(ledger);
    const dry = await upload('/v1/imports/ledger/dry-run', ledgerFile).expect(200);
    expect(dry.body).toMatchObject({ committed: false, rows: PROJECTS, problems: [], counts: { record: PROJECTS, replay: 0, skip: 0 }, events: PROJECTS * 5 });
    expect(dry.body.items[0].steps).toEqual(['登记线索', '签约', '开工', '竣工', '投产']);
    expect(await head(ledger)).toBe(before);

    const done = await upload('/v1/imports/ledger', ledgerFile).expect(201);
    expect(done.body).toMatchObject({ committed: true, counts: { record: PROJECTS }, events: PROJECTS * 5 });
    expect(await head(ledger)).toBe(before + PROJECTS * 5);
    const page = await ledger.as('supervisor').get('/v1/projects?unitId=xiajin&stage=in_production&limit=500').expect(200);
    expect(page.body.items).toHaveLength(500);

    const again = await upload('/v1/imports/ledger', ledgerFile).expect(201);
    expect(again.body).toMatchObject({ counts: { record: 0, replay: PROJECTS, skip: 0 }, events: 0 });
    expect(await head(ledger)).toBe(before + PROJECTS * 5);
  }

  /** Unmatched credit codes are reported; matched rows record once; statements match the hand-computed totals. */
  async function importTaxFile(): Promise<void> {
    const dry = await upload('/v1/imports/tax/dry-run', taxFile).expect(200);
    expect(dry.body.problems).toEqual([
      { row: PROJECTS * TAX_PER_PROJECT + 5, column: '统一社会信用代码', message: `台账中没有信用代码为 ${creditCode(99999)} 的在册项目` },
    ]);
    expect(dry.body.counts.record).toBe(PROJECTS * TAX_PER_PROJECT);
    await upload('/v1/imports/tax', taxFile).expect(422); // the unmatched row blocks the file

    const matched = await workbook(
      'tax',
      Array.from({ length: TAX_PER_PROJECT * PROJECTS }, (_, i) => taxRow(i % PROJECTS, Math.floor(i / PROJECTS) + 1)),
    );
    const before = await head(ledger);
    const done = await upload('/v1/imports/tax', matched).expect(201);
    expect(done.body).toMatchObject({ problems: [], events: PROJECTS * TAX_PER_PROJECT });
    expect(await head(ledger)).toBe(before + PROJECTS * TAX_PER_PROJECT);
    const again = await upload('/v1/imports/tax', matched).expect(201);
    expect(again.body).toMatchObject({ counts: { record: 0, replay: PROJECTS * TAX_PER_PROJECT }, events: 0 });
    expect(await head(ledger)).toBe(before + PROJECTS * TAX_PER_PROJECT);

    // By hand: per project one line per half year, 3% of its tax, half-up; a referrer's total is the sum of its lines.
    const expected = new Map<string, bigint>();
    for (let n = 0; n < PROJECTS; n++) {
      let h1 = 0n;
      for (let m = 1; m <= 6; m++) h1 += taxFen(n, m);
      expected.set(referrerOf(n), (expected.get(referrerOf(n)) ?? 0n) + reward(h1, 300n));
    }
    const fen = (amount: string) => BigInt(amount.replace('.', ''));
    for (const referrerId of ['ref-0', 'ref-7', 'ref-49']) {
      const statement = await ledger.as('finance').get(`/v1/referrers/${referrerId}/statements/2026-H1`).expect(200);
      expect(fen(statement.body.total.amount)).toBe(expected.get(referrerId));
      expect(statement.body.lines).toHaveLength(PROJECTS / 50);
    }
    const all = await ledger.as('finance').get('/v1/statements/2026-H1').expect(200);
    expect(fen(all.body.total.amount)).toBe([...expected.values()].reduce((a, b) => a + b, 0n));

    // The exported workbook: its numbers sum to each referrer's statement total.
    const xlsx = await binary(ledger.as('finance').get('/v1/referrers/ref-7/statements/2026-H1/export?format=xlsx')).expect(200);
    const rows = (await readXlsx(xlsx.body as Buffer)).table('兑现期').filter((r) => r[3] === '奖励');
    expect(rows).toHaveLength(PROJECTS / 50);
    const sumFen = rows.reduce((s, r) => s + BigInt(Math.round((r[10] as number) * 100)), 0n);
    expect(sumFen).toBe(expected.get('ref-7'));
  }
});

describe('the CLI', () => {
  const run = async (command: typeof importXlsxCommand, argv: string[]) => {
    const out = new PassThrough();
    const err = new PassThrough();
    const chunks: string[] = [];
    const errs: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    err.on('data', (c: Buffer) => errs.push(c.toString('utf8')));
    const code = await command.run(ledger.app, parseCommandLine(command, argv), { out, err });
    return { code, out: chunks.join(''), err: errs.join('') };
  };

  it('writes a template, dry-runs a file, imports it with a progress bar, and again adds nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
    try {
      const template = join(dir, 'tpl.xlsx');
      expect((await run(importTemplateCommand, ['tax', '--out', template])).code).toBe(0);
      expect((await readXlsx(readFileSync(template))).table('统一社会信用代码')[0][2]).toBe('税款所属期');
      const file = join(dir, 'ledger.xlsx');
      writeFileSync(file, await workbook('ledger', [ledgerRow(70001), ledgerRow(70002)]));
      const dry = await run(importXlsxCommand, ['ledger', file, '--dry-run']);
      expect(dry).toMatchObject({ code: 0, out: expect.stringContaining('试导入：2 行；新增 2 行') });
      const before = await head(ledger);
      const done = await run(importXlsxCommand, ['ledger', file, '--actor', 'cli.clerk']);
      expect(done.code).toBe(0);
      expect(done.out).toContain('已导入：2 行；新增 2 行，此前已导入 0 行，跳过 0 行；记录 10 个事件');
      expect(done.err).toMatch(/import ledger \[#+\] 2\/2 100%/);
      expect(await head(ledger)).toBe(before + 10);
      expect((await run(importXlsxCommand, ['ledger', file, '--actor', 'cli.clerk'])).out).toContain('新增 0 行，此前已导入 2 行');
      // Another clerk: the projects are live already, so the rows are left alone.
      expect((await run(importXlsxCommand, ['ledger', file, '--actor', 'cli.other'])).out).toContain('跳过 2 行');
      expect(await head(ledger)).toBe(before + 10);
      const bad = join(dir, 'bad.xlsx');
      writeFileSync(bad, await workbook('ledger', [{ ...ledgerRow(70003), signedOn: '2030-01-01' }]));
      const refused = await run(importXlsxCommand, ['ledger', bad]);
      expect(refused.code).toBe(1);
      expect(refused.out).toMatch(/第 5 行 签约日期：签约：/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
