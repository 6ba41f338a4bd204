import { fromFen, parsePeriod, toFen, type Period } from '../../kernel/index.js';
import { aProject, funded, taxPaid, unit, UNITS, verified } from '../testing/builders.js';
import { assess, contributions, rank, type Contribution } from './counting.js';
import { DEFAULT_RULES, type AssessmentPolicy, type CountingRules } from './policy.js';
import { UnitTree } from './units.js';

const RULES: CountingRules = { ...DEFAULT_RULES, minimumProjectCny: '10000000.00' };

function period(id: string): Period {
  const p = parsePeriod(id);
  if (p === null) throw new RangeError(id);
  return p;
}

/** Counted value per unit, as decimal strings, for compact tables. */
function counted(project = aProject(), id: string, rules = RULES): Record<string, string> {
  return Object.fromEntries(contributions(project, rules, period(id)).map((c) => [c.unitId, fromFen(c.counted)]));
}

describe('counted value of a fixed-asset project', () => {
  const project = aProject({
    facts: [
      verified('2025-12-31', '1000.00'),
      verified('2026-01-01', '200.00'),
      verified('2026-03-31', '30.00'),
      verified('2026-04-01', '4.00'),
      verified('2026-12-31', '0.50'),
    ],
  });
  it.each([
    ['2025', '1000.00'],
    ['2025-12', '1000.00'],
    ['2026-01', '200.00'],
    ['2026-03', '30.00'],
    ['2026-Q1', '230.00'],
    ['2026-Q2', '4.00'],
    ['2026-Q4', '0.50'],
    ['2026-H1', '234.00'],
    ['2026', '234.50'],
  ])('in %s is %s (period edges)', (id, value) => expect(counted(project, id)).toEqual({ xiajin: value }));

  it('has no line in a period without verifications', () => expect(counted(project, '2026-02')).toEqual({}));

  it.each([
    ['2024-02', { xiajin: '7.00' }],
    ['2024-03', { xiajin: '1.00' }],
    ['2024-Q1', { xiajin: '8.00' }],
  ])('counts 29 February in a leap year: %s', (id, expected) => {
    const leap = aProject({
      signings: [{ signedOn: '2023-06-01', committedCny: toFen('20000000.00') }],
      facts: [verified('2024-02-29', '7.00'), verified('2024-03-01', '1.00')],
    });
    expect(counted(leap, id)).toEqual(expected);
  });

  it('skips a voided verification', () => {
    const voided = aProject({ facts: [verified('2026-05-01', '500.00', true), verified('2026-05-02', '20.00')] });
    expect(counted(voided, '2026-05')).toEqual({ xiajin: '20.00' });
  });

  it('counts plant, equipment and land only for the policy fixed-asset sectors', () => {
    const primary = aProject({ sector: 'primary', facts: [verified('2026-05-01', '500.00')] });
    expect(counted(primary, '2026')).toEqual({ xiajin: '500.00' });
    expect(counted(primary, '2026', { ...RULES, fixedAssetSectors: ['secondary'] })).toEqual({});
  });
});

describe('the minimum project size', () => {
  const sized = (committed: string) =>
    aProject({ signings: [{ signedOn: '2025-06-01', committedCny: toFen(committed) }], facts: [verified('2026-02-01', '300.00')] });
  it.each([
    ['exactly met', '10000000.00', '300.00', false],
    ['one fen short', '9999999.99', '0.00', true],
    ['well above', '500000000.00', '300.00', false],
  ])('%s counts %s', (_case, committed, value, belowMinimum) => {
    expect(contributions(sized(committed), RULES, period('2026-02'))).toEqual([{ projectId: 'p1', unitId: 'xiajin', counted: toFen(value), belowMinimum }]);
  });

  it('uses the investment standing on the period last day: a later contract does not rewrite the past', () => {
    const resigned = aProject({
      signings: [
        { signedOn: '2025-06-01', committedCny: toFen('8000000.00') },
        { signedOn: '2026-04-01', committedCny: toFen('12000000.00') },
      ],
      facts: [verified('2026-03-10', '100.00'), verified('2026-04-10', '100.00')],
    });
    expect(counted(resigned, '2026-Q1')).toEqual({ xiajin: '0.00' });
    expect(counted(resigned, '2026-Q2')).toEqual({ xiajin: '100.00' });
    expect(counted(resigned, '2026')).toEqual({ xiajin: '200.00' });
  });

  it('uses the planned investment before any signing', () => {
    const unsigned = aProject({ plannedCny: toFen('10000000.00'), signings: [], facts: [verified('2026-01-05', '1.00')] });
    expect(counted(unsigned, '2026')).toEqual({ xiajin: '1.00' });
    expect(counted({ ...unsigned, plannedCny: toFen('9000000.00') }, '2026')).toEqual({ xiajin: '0.00' });
  });
});

describe('counted value of other sectors', () => {
  const estate = aProject({ sector: 'real_estate', facts: [taxPaid('2026-03-31', '1234.56'), taxPaid('2026-04-01', '1.00'), funded('2026-03-01', '9.00')] });
  it.each([
    ['the default multiplier', RULES, '2026-Q1', '12345.60'],
    ['a policy multiplier of 5', { ...RULES, realEstateTaxMultiplier: 5 }, '2026-Q1', '6172.80'],
    ['the next quarter', RULES, '2026-Q2', '10.00'],
  ])('real estate counts tax paid × multiplier: %s', (_case, rules, id, value) => expect(counted(estate, id, rules)).toEqual({ xiajin: value }));

  const services = aProject({
    sector: 'tertiary',
    facts: [funded('2026-02-01', '70.00'), funded('2026-02-02', '5.00', true), verified('2026-02-03', '999.00')],
  });
  it('tertiary counts nothing by default', () => expect(counted(services, '2026')).toEqual({}));
  it('tertiary counts live funding arrived when the policy counts other sectors', () => {
    expect(counted(services, '2026', { ...RULES, otherSectorsCount: true })).toEqual({ xiajin: '70.00' });
  });
});

describe('credit reassignment mid-year', () => {
  // Reassigned from 夏津 to 慶雲 on 1 July: each fact goes to the unit credited on its own date.
  const moved = aProject({
    credits: [
      { unitId: 'xiajin', from: '2025-05-01' },
      { unitId: 'qingyun', from: '2026-07-01' },
    ],
    facts: [verified('2026-03-10', '500.00'), verified('2026-06-30', '1.00'), verified('2026-07-01', '300.00'), verified('2026-09-10', '200.00')],
  });
  it.each([
    ['2026', { xiajin: '501.00', qingyun: '500.00' }],
    ['2026-H1', { xiajin: '501.00' }],
    ['2026-Q3', { qingyun: '500.00' }],
    ['2026-07', { qingyun: '300.00' }],
  ])('in %s splits as %j', (id, expected) => expect(counted(moved, id)).toEqual(expected));

  it('moves the project between the counties in the ranking', () => {
    const units = assess(period('2026'), 'county', new UnitTree(UNITS), [], [moved]).units;
    expect(units.map((u) => [u.unitId, u.score, u.rank, u.projects.map((p) => p.projectId)])).toEqual([
      ['xiajin', toFen('501.00'), 1, ['p1']],
      ['qingyun', toFen('500.00'), 2, ['p1']],
      ['chiping', 0n, 3, []],
    ]);
  });
});

describe('ranking', () => {
  const tree = new UnitTree(UNITS);
  const c = (unitId: string, value: string, projectId = `p-${unitId}`): Contribution => ({ projectId, unitId, counted: toFen(value), belowMinimum: false });

  it('rolls townships up into their county and ranks townships on their own', () => {
    const lines = [c('xiajin-town', '100.00', 'a'), c('xiajin', '50.00', 'b'), c('qingyun-town', '120.00', 'c')];
    expect(rank(tree, 'county', lines).map((u) => [u.unitId, u.score, u.rank, u.mark])).toEqual([
      ['xiajin', toFen('150.00'), 1, 'reward'],
      ['qingyun', toFen('120.00'), 2, null],
      ['chiping', 0n, 3, 'self_criticism'],
    ]);
    expect(rank(tree, 'township', lines).map((u) => [u.unitId, u.score, u.rank, u.mark])).toEqual([
      ['qingyun-town', toFen('120.00'), 1, 'reward'],
      ['xiajin-town', toFen('100.00'), 2, 'self_criticism'],
    ]);
  });

  it('lists each project once per unit, largest first, summing a project split across townships', () => {
    const lines = [c('xiajin-town', '1.00', 'z'), c('xiajin', '2.00', 'z'), c('xiajin', '3.00', 'a'), c('xiajin', '3.00', 'b')];
    expect(rank(tree, 'county', lines)[0].projects).toEqual([
      { projectId: 'a', counted: toFen('3.00'), belowMinimum: false },
      { projectId: 'b', counted: toFen('3.00'), belowMinimum: false },
      { projectId: 'z', counted: toFen('3.00'), belowMinimum: false },
    ]);
  });

  it('gives equal scores the same rank, ordered by unitId, and marks every unit tied first or last', () => {
    const counties = new UnitTree([unit('d', 'county'), unit('c', 'county'), unit('b', 'county'), unit('a', 'county')]);
    expect(rank(counties, 'county', [c('c', '5.00'), c('d', '5.00'), c('a', '1.00'), c('b', '1.00')]).map((u) => [u.unitId, u.rank, u.mark])).toEqual([
      ['c', 1, 'reward'],
      ['d', 1, 'reward'],
      ['a', 3, 'self_criticism'],
      ['b', 3, 'self_criticism'],
    ]);
  });

  it.each([
    ['one unit', new UnitTree([unit('only', 'county')]), [c('only', '9.00')]],
    ['all zero', tree, []],
  ])('marks nobody when every score is equal: %s', (_case, units, lines) => {
    expect(rank(units, 'county', lines).map((u) => [u.rank, u.mark])).toEqual(units.units.filter((u) => u.kind === 'county').map(() => [1, null]));
  });

  it('ranks departments apart and ignores units nobody registered', () => {
    expect(rank(tree, 'department', [c('commerce', '3.00'), c('ghost', '50.00')]).map((u) => [u.unitId, u.score, u.mark])).toEqual([
      ['commerce', toFen('3.00'), null],
    ]);
  });
});

describe('assessing a period', () => {
  const strict: AssessmentPolicy = { ...RULES, policyId: 'strict', minimumProjectCny: '200000000.00', effectiveFrom: '2026-07-01' };
  const project = aProject({ facts: [verified('2026-03-01', '40.00')] });
  const tree = new UnitTree(UNITS);

  it('applies the policy in force on the period last day to the whole period', () => {
    expect(assess(period('2026-Q1'), 'county', tree, [strict], [project]).units[0]).toMatchObject({ unitId: 'xiajin', score: toFen('40.00') });
    const year = assess(period('2026'), 'county', tree, [strict], [project]);
    expect(year.policy?.policyId).toBe('strict');
    expect(year.units.find((u) => u.unitId === 'xiajin')).toMatchObject({ score: 0n, projects: [{ projectId: 'p1', counted: 0n, belowMinimum: true }] });
  });

  it('counts by the DOMAIN.md defaults when no policy is in force', () => {
    expect(assess(period('2026-Q1'), 'county', tree, [strict], [project]).policy).toBeNull();
  });
});
