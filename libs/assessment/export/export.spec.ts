import { asExcelShows, readXlsx } from '../../platform/testing/read-xlsx.js';
import { tableRows } from '../../platform/export/sheet.js';
import { toCsv } from '../../platform/export/csv.js';
import { toXlsx } from '../../platform/export/xlsx.js';
import type { AssessmentView, StalledView } from '../read-model/assessment.queries.js';
import { rankingSheet, stalledSheet } from './sheets.js';

const money = (amount: string) => ({ amount, currency: 'CNY' });

const ranking: AssessmentView = {
  period: '2026-Q1',
  kind: 'county',
  policy: {
    policyId: 'ap',
    effectiveFrom: '2026-01-01',
    minimumProjectCny: money('10000000.00'),
    fixedAssetSectors: ['primary', 'secondary'],
    realEstateTaxMultiplier: 10,
    otherSectorsCount: false,
  },
  units: [
    {
      unitId: 'xiajin',
      name: '夏津縣',
      score: money('230000000.00'),
      rank: 1,
      mark: 'reward',
      projects: [{ projectId: 'huafang', name: '華芳', countedValue: money('230000000.00'), belowMinimum: false }],
    },
    { unitId: 'gaotang', name: '高唐縣', score: money('15000000.00'), rank: 2, mark: null, projects: [] },
    {
      unitId: 'qingyun',
      name: 'Qingyun, "east"',
      score: money('0.00'),
      rank: 3,
      mark: 'self_criticism',
      projects: [{ projectId: 'workshop', name: '小作坊', countedValue: money('0.00'), belowMinimum: true }],
    },
  ],
};

const stalledList: StalledView = {
  asOf: '2026-11-26',
  days: 90,
  items: [
    {
      projectId: 'lysine',
      name: '西傑賴氨酸',
      unitId: 'chiping',
      stage: 'signed',
      lastEventOn: '2025-01-10',
      daysSilent: 685,
      flags: [
        { rule: 'not_started', level: 'yellow', since: '2026-01-10' },
        { rule: 'underfunded', level: 'red', since: '2026-01-10' },
      ],
    },
    { projectId: 'huafang', name: '華芳', unitId: 'xiajin', stage: 'under_construction', lastEventOn: '2026-03-31', daysSilent: 240, flags: [] },
  ],
};

describe('ranking and stalled sheets', () => {
  it.each([
    ['zh', ['考核期', '名次', '单位代码', '单位', '得分（元）', '奖惩', '计分项目数'], ['奖励', '', '末位表态']],
    ['en', ['period', 'rank', 'unitId', 'unit', 'score (CNY)', 'mark', 'projects'], ['reward', '', 'self_criticism']],
  ] as const)('builds the ranking with %s headers', (lang, head, marks) => {
    const rows = tableRows(rankingSheet(ranking, lang));
    expect(rows[0]).toEqual(head);
    expect(rows.slice(1).map((r) => r[5])).toEqual(marks);
    expect(rows[1]).toEqual(['2026-Q1', 1, 'xiajin', '夏津縣', '230000000.00', marks[0], 1]);
    // a project under the minimum is listed in the breakdown but not counted
    expect(rows[3][6]).toBe(0);
  });

  it.each([
    ['zh', '项目代码', '已签约', '黄: 签约后未开工; 红: 资金到位不足15%'],
    ['en', 'projectId', 'signed', 'yellow: not_started; red: underfunded'],
  ] as const)('builds the stalled list with %s headers', (lang, first, stage, flags) => {
    const rows = tableRows(stalledSheet(stalledList, lang));
    expect(rows[0][0]).toBe(first);
    expect(rows[1]).toEqual(['lysine', '西傑賴氨酸', 'chiping', stage, '2025-01-10', 685, flags]);
    expect(rows[2][6]).toBe('');
  });
});

describe('CSV', () => {
  it('quotes what needs quoting, ends lines with CRLF and starts with a BOM', () => {
    expect(toCsv(rankingSheet(ranking, 'en'))).toBe(
      '\uFEFFperiod,rank,unitId,unit,score (CNY),mark,projects\r\n' +
        '2026-Q1,1,xiajin,夏津縣,230000000.00,reward,1\r\n' +
        '2026-Q1,2,gaotang,高唐縣,15000000.00,,0\r\n' +
        '2026-Q1,3,qingyun,"Qingyun, ""east""",0.00,self_criticism,0\r\n',
    );
  });
});

describe('Excel', () => {
  it.each([
    ['ranking', rankingSheet(ranking, 'zh')],
    ['stalled list', stalledSheet(stalledList, 'zh')],
  ])('reads the %s back cell for cell', async (_case, sheet) => {
    const { worksheet, table } = await readXlsx(await toXlsx(sheet));
    expect(worksheet.name).toBe(sheet.name);
    expect(table(sheet.columns[0].header)).toEqual([...asExcelShows(sheet), [], [sheet.signatures![0]], [sheet.signatures![1]]]);
    expect(worksheet.getRow(3).font?.bold).toBe(true);
  });
});
