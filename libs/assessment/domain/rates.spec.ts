import { toFen } from '../../kernel/index.js';
import { aProject, funded, UNITS } from '../testing/builders.js';
import { rates } from './rates.js';
import { UnitTree } from './units.js';

const tree = new UnitTree(UNITS);
const signed = (signedOn: string, committed = '100.00') => [{ signedOn, committedCny: toFen(committed) }];

// 夏津 signs five projects in 2026 H1; one more outside the window, one in another county.
const cohort = [
  aProject({
    projectId: 'producing',
    signings: signed('2026-01-01'),
    brokeGroundOn: '2026-02-01',
    completedOn: '2026-05-01',
    productionStartedOn: '2026-06-01',
    facts: [funded('2026-01-10', '150.00')],
  }),
  aProject({
    projectId: 'completed',
    signings: signed('2026-02-01'),
    brokeGroundOn: '2026-03-01',
    completedOn: '2026-06-01',
    facts: [funded('2026-02-10', '50.00')],
  }),
  aProject({
    projectId: 'building',
    credits: [{ unitId: 'xiajin-town', from: '2025-05-01' }],
    signings: signed('2026-03-01'),
    brokeGroundOn: '2026-04-01',
    facts: [funded('2026-03-10', '30.00'), funded('2026-03-11', '60.00', true)],
  }),
  aProject({ projectId: 'signed', signings: signed('2026-06-30'), brokeGroundOn: null }),
  aProject({ projectId: 'abandoned', signings: signed('2026-04-01'), brokeGroundOn: null, abandonedOn: '2026-05-01' }),
  aProject({ projectId: 'too-late', signings: signed('2026-07-01') }),
  aProject({ projectId: 'elsewhere', credits: [{ unitId: 'qingyun', from: '2025-05-01' }], signings: signed('2026-02-01') }),
  aProject({ projectId: 'unsigned', signings: [] }),
];

describe('rates for a unit and a signing window', () => {
  const result = rates(tree, 'xiajin', '2026-01-01', '2026-06-30', cohort);

  it('takes the projects signed in the window, both ends included, credited to the unit or below it', () => {
    expect(result.projects.map((p) => [p.projectId, p.unitId, p.stage])).toEqual([
      ['producing', 'xiajin', 'in_production'],
      ['completed', 'xiajin', 'completed'],
      ['building', 'xiajin-town', 'under_construction'],
      ['abandoned', 'xiajin', 'abandoned'],
      ['signed', 'xiajin', 'signed'],
    ]);
  });

  it('gives success, funding-arrival (capped per project, voids skipped) and completion rates', () => {
    // success 1/5; funding (100 + 50 + 30 + 0 + 0) / 500; completion 2 of the 3 that broke ground
    expect(result).toMatchObject({ successRate: 0.2, fundingArrivalRate: 0.36, completionRate: 0.6667 });
  });

  it('judges a reassigned project by the unit credited now', () => {
    const moved = aProject({
      projectId: 'moved',
      credits: [
        { unitId: 'xiajin', from: '2025-05-01' },
        { unitId: 'qingyun', from: '2026-08-01' },
      ],
      signings: signed('2026-02-01'),
    });
    expect(rates(tree, 'xiajin', '2026-01-01', '2026-12-31', [moved]).projects).toEqual([]);
    expect(rates(tree, 'qingyun', '2026-01-01', '2026-12-31', [moved]).projects.map((p) => p.projectId)).toEqual(['moved']);
  });

  it('answers null for rates with nothing to divide by', () => {
    expect(rates(tree, 'chiping', '2026-01-01', '2026-12-31', cohort)).toEqual({
      successRate: null,
      fundingArrivalRate: null,
      completionRate: null,
      projects: [],
    });
    const onlySigned = rates(tree, 'xiajin', '2026-06-30', '2026-06-30', cohort);
    expect(onlySigned).toMatchObject({ successRate: 0, fundingArrivalRate: 0, completionRate: null });
  });
});
