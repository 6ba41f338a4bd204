import { toFen } from '../../kernel/index.js';
import { aProject, funded, verified } from '../testing/builders.js';
import { followUpFlags, stalled } from './stalled.js';

// Signed 2025-06-01, broke ground 2025-09-01 (the builder's defaults): silent since groundbreaking.
describe('stalled projects', () => {
  it.each([
    ['exactly 90 days silent is not stalled', '2025-11-30', 90, []],
    ['91 days silent is stalled', '2025-12-01', 90, [91]],
    ['a shorter window', '2025-09-11', 9, [10]],
  ])('%s', (_case, asOf, days, expected) => {
    expect(stalled([aProject()], asOf, days).map((s) => s.daysSilent)).toEqual(expected);
  });

  it('reports the silence, the stage and the unit credited on the day', () => {
    const moved = aProject({
      credits: [
        { unitId: 'xiajin', from: '2025-05-01' },
        { unitId: 'qingyun', from: '2026-03-01' },
      ],
    });
    expect(stalled([moved], '2026-01-31', 90)).toEqual([
      {
        projectId: 'p1',
        name: '華芳紡織',
        unitId: 'xiajin',
        stage: 'under_construction',
        lastEventOn: '2025-09-01',
        daysSilent: 152,
        flags: [
          { rule: 'funding_stopped', level: 'yellow', since: '2025-12-01' },
          { rule: 'underfunded', level: 'yellow', since: '2025-12-01' },
        ],
      },
    ]);
    // a credit reassignment is paperwork: it does not end the silence
    expect(stalled([moved], '2026-03-31', 90)[0]).toMatchObject({ unitId: 'qingyun', lastEventOn: '2025-09-01' });
  });

  it.each([
    ['a lead never signed', { signings: [], brokeGroundOn: null }],
    ['an abandoned project', { abandonedOn: '2025-10-01' }],
    ['a project in production', { completedOn: '2025-10-01', productionStartedOn: '2025-10-02' }],
    ['a project with recent funding', { facts: [funded('2026-01-15', '1.00')] }],
    ['a project with a recent verification', { facts: [verified('2026-01-15', '1.00')] }],
  ])('leaves out %s', (_case, change) => expect(stalled([aProject(change)], '2026-02-01', 90)).toEqual([]));

  it('ignores voided facts and facts dated after the day', () => {
    const project = aProject({ facts: [funded('2025-12-01', '1.00', true), funded('2026-03-01', '1.00')] });
    expect(stalled([project], '2026-01-01', 90)).toMatchObject([{ lastEventOn: '2025-09-01', daysSilent: 122 }]);
  });

  it('still follows a project that completed but never started production', () => {
    expect(stalled([aProject({ completedOn: '2025-10-01' })], '2026-02-01', 90)).toMatchObject([{ stage: 'completed', lastEventOn: '2025-10-01' }]);
  });

  it('lists the longest silence first, then by projectId', () => {
    const list = [aProject({ projectId: 'b' }), aProject({ projectId: 'a' }), aProject({ projectId: 'c', brokeGroundOn: '2025-08-01' })];
    expect(stalled(list, '2026-06-01', 90).map((s) => s.projectId)).toEqual(['c', 'a', 'b']);
  });
});

describe('follow-up flags', () => {
  const notStarted = aProject({
    leadOn: '2024-01-10',
    credits: [{ unitId: 'xiajin', from: '2024-01-10' }],
    signings: [{ signedOn: '2024-02-29', committedCny: toFen('100.00') }],
    brokeGroundOn: null,
    facts: [funded('2024-03-01', '20.00')],
  });
  it.each([
    ['2025-02-27', []],
    // twelve months after 29 February is the last day of February
    ['2025-02-28', [{ rule: 'not_started', level: 'yellow', since: '2025-02-28' }]],
    ['2026-02-27', [{ rule: 'not_started', level: 'yellow', since: '2025-02-28' }]],
    ['2026-02-28', [{ rule: 'not_started', level: 'red', since: '2026-02-28' }]],
  ])('not started: as of %s', (asOf, flags) => expect(followUpFlags(notStarted, asOf)).toEqual(flags));

  const building = aProject({
    signings: [{ signedOn: '2026-01-05', committedCny: toFen('100.00') }],
    brokeGroundOn: '2026-01-10',
    facts: [funded('2026-01-06', '5.00'), funded('2026-01-31', '5.00'), funded('2026-03-01', '50.00', true)],
  });
  it.each([
    ['2026-04-29', []],
    // three months after the last tranche (31 January) end on the short April's last day
    ['2026-04-30', [{ rule: 'funding_stopped', level: 'yellow', since: '2026-04-30' }]],
    [
      '2026-07-05',
      [
        { rule: 'funding_stopped', level: 'yellow', since: '2026-04-30' },
        { rule: 'underfunded', level: 'yellow', since: '2026-07-05' },
      ],
    ],
    [
      '2026-07-31',
      [
        { rule: 'funding_stopped', level: 'red', since: '2026-07-31' },
        { rule: 'underfunded', level: 'yellow', since: '2026-07-05' },
      ],
    ],
    [
      '2027-01-05',
      [
        { rule: 'funding_stopped', level: 'red', since: '2026-07-31' },
        { rule: 'underfunded', level: 'red', since: '2027-01-05' },
      ],
    ],
  ])('funding stopped after groundbreaking, under 15%%: as of %s', (asOf, flags) => expect(followUpFlags(building, asOf)).toEqual(flags));

  it.each([
    ['2026-08-31', '2027-02-28', '2027-08-31'],
    ['2027-08-31', '2028-02-29', '2028-08-31'],
    ['2026-03-31', '2026-09-30', '2027-03-31'],
  ])('underfunded, signed on a month end %s: yellow on %s, red on %s, never in the month after', (signedOn, yellow, red) => {
    const project = aProject({ leadOn: '2026-01-05', signings: [{ signedOn, committedCny: toFen('100.00') }], brokeGroundOn: null, facts: [] });
    const underfunded = (asOf: string) => followUpFlags(project, asOf).filter((f) => f.rule === 'underfunded');
    expect(underfunded(yellow)).toEqual([{ rule: 'underfunded', level: 'yellow', since: yellow }]);
    expect(underfunded(red)).toEqual([{ rule: 'underfunded', level: 'red', since: red }]);
  });

  it('counts funding stopped from groundbreaking when nothing arrived after it', () => {
    const dry = { ...building, facts: [funded('2026-01-06', '20.00')] };
    expect(followUpFlags(dry, '2026-04-10')).toEqual([{ rule: 'funding_stopped', level: 'yellow', since: '2026-04-10' }]);
  });

  it.each([
    ['exactly 15% funded', [funded('2026-01-06', '15.00')], '2026-07-05', 'funding_stopped'],
    ['fully funded', [funded('2026-01-06', '100.00')], '2027-01-05', null],
  ])('does not flag a project %s as underfunded', (_case, facts, asOf, only) => {
    expect(followUpFlags({ ...building, facts }, asOf).map((f) => f.rule)).toEqual(only === null ? [] : [only]);
  });

  it('puts the flags on stalled items', () => {
    expect(stalled([notStarted], '2025-03-01', 90)[0].flags).toEqual([{ rule: 'not_started', level: 'yellow', since: '2025-02-28' }]);
  });
});
