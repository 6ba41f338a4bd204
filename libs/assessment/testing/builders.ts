/** Builders for assessment tests: a project with sensible defaults, facts with fresh ids. */
import { toFen, type LocalDate } from '../../kernel/index.js';
import type { Unit, VoidableType } from '../../projects/domain/index.js';
import type { AssessedFact, AssessedProject } from '../domain/project.js';

let nextFact = 0;

export function fact(type: VoidableType, on: LocalDate, cny: string, voided = false): AssessedFact {
  nextFact += 1;
  return { eventId: `fact-${nextFact}`, type, on, cny: toFen(cny), voided };
}

export const verified = (on: LocalDate, cny: string, voided = false): AssessedFact => fact('FixedAssetsVerified', on, cny, voided);
export const taxPaid = (on: LocalDate, cny: string): AssessedFact => fact('TaxPaid', on, cny);
export const funded = (on: LocalDate, cny: string, voided = false): AssessedFact => fact('FundingArrived', on, cny, voided);

/** A secondary-sector project of 100M CNY credited to xiajin, signed 2025-06-01, broke ground 2025-09-01. */
export function aProject(overrides: Partial<AssessedProject> = {}): AssessedProject {
  return {
    projectId: 'p1',
    name: '華芳紡織',
    sector: 'secondary',
    leadOn: '2025-05-01',
    plannedCny: toFen('100000000.00'),
    signings: [{ signedOn: '2025-06-01', committedCny: toFen('100000000.00') }],
    credits: [{ unitId: 'xiajin', from: '2025-05-01' }],
    brokeGroundOn: '2025-09-01',
    completedOn: null,
    productionStartedOn: null,
    abandonedOn: null,
    facts: [],
    ...overrides,
  };
}

export function unit(unitId: string, kind: Unit['kind'], parentId: string | null = null): Unit {
  return { unitId, name: unitId, kind, parentId };
}

/** Two counties of Dezhou with a township each, a Liaocheng county, and a city department. */
export const UNITS: Unit[] = [
  unit('xiajin', 'county'),
  unit('xiajin-town', 'township', 'xiajin'),
  unit('qingyun', 'county'),
  unit('qingyun-town', 'township', 'qingyun'),
  unit('chiping', 'county'),
  unit('commerce', 'department'),
];
