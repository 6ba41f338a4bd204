/** The projects slice's one roles map (API.md roles). */
import type { ProjectCommand } from './domain/commands.js';
import type { VoidableType } from './domain/events.js';
import { PROJECT_ROLES, mayVoid } from './roles.js';

// ---------------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------------

describe('PROJECT_ROLES', () => {
  const commandTypes: ProjectCommand['type'][] = [
    'RegisterLead',
    'Sign',
    'RecordFunding',
    'BreakGround',
    'Complete',
    'StartProduction',
    'RecordTax',
    'VerifyFixedAssets',
    'ReassignCredit',
    'AssignReferrer',
    'VoidFact',
    'Abandon',
  ];

  it('names the roles of every command, and of the reads', () => {
    for (const type of commandTypes) expect(PROJECT_ROLES[type].length).toBeGreaterThan(0);
    expect(
      Object.keys(PROJECT_ROLES)
        .filter((k) => !(commandTypes as string[]).includes(k))
        .sort(),
    ).toEqual(['ExportLedger', 'GetProject', 'ListParks', 'ListProjects', 'ListReferrers', 'ListUnits', 'RegisterPark', 'RegisterUnit', 'ReplayProject']);
    expect(PROJECT_ROLES.ReplayProject).toEqual(['auditor']);
  });

  it.each(['VerifyFixedAssets', 'ReassignCredit', 'AssignReferrer'] as const)('%s is for assessors only', (type) => {
    expect(PROJECT_ROLES[type]).toEqual(['assessor']);
  });

  it('voids are for the recording unit or an assessor; leads too (an assessor marks them distinct)', () => {
    expect([...PROJECT_ROLES.VoidFact].sort()).toEqual(['assessor', 'recorder']);
    expect([...PROJECT_ROLES.RegisterLead].sort()).toEqual(['assessor', 'recorder']);
  });

  it.each(['Sign', 'RecordFunding', 'BreakGround', 'Complete', 'StartProduction', 'RecordTax', 'Abandon'] as const)(
    '%s is recorded by the recording unit, not by auditors, finance or supervisors',
    (type) => {
      expect(PROJECT_ROLES[type]).toContain('recorder');
      for (const role of ['auditor', 'finance', 'supervisor']) expect(PROJECT_ROLES[type]).not.toContain(role);
    },
  );

  it('no command is open to auditors, finance or supervisors', () => {
    const roles = new Set(commandTypes.flatMap((type) => PROJECT_ROLES[type]));
    expect([...roles].sort()).toEqual(['assessor', 'recorder']);
  });

  it.each<[string, VoidableType, boolean]>([
    ['recorder', 'FundingArrived', true],
    ['recorder', 'TaxPaid', true],
    ['recorder', 'FixedAssetsVerified', false],
    ['assessor', 'FundingArrived', true],
    ['assessor', 'TaxPaid', true],
    ['assessor', 'FixedAssetsVerified', true],
    ['finance', 'TaxPaid', false],
  ])('mayVoid: a %s voiding a %s: %s', (role, type, may) => {
    expect(mayVoid(role, type)).toBe(may);
  });
});
