import { RuleViolation } from '../../kernel/index.js';
import { decideIssuePolicy, evolvePolicy, policyInForce, type AssessmentPolicy, type IssueAssessmentPolicy } from './policy.js';

/** The day the deciders are asked on: policies need none, so any day does. */
const TODAY = '2026-03-01';

const command: IssueAssessmentPolicy = { policyId: 'ap1', minimumProjectCny: '10000000.00', effectiveFrom: '2026-01-01' };

describe('issuing an assessment policy', () => {
  it('fills the DOMAIN.md defaults into the event', () => {
    expect(decideIssuePolicy(command, null, TODAY)).toEqual([
      {
        type: 'AssessmentPolicyIssued',
        data: {
          policyId: 'ap1',
          minimumProjectCny: '10000000.00',
          fixedAssetSectors: ['primary', 'secondary'],
          realEstateTaxMultiplier: 10,
          otherSectorsCount: false,
          effectiveFrom: '2026-01-01',
        },
      },
    ]);
  });

  it('keeps what the admin chose', () => {
    const chosen = { ...command, minimumProjectCny: '0', fixedAssetSectors: [], realEstateTaxMultiplier: 100, otherSectorsCount: true };
    expect(decideIssuePolicy(chosen, null, TODAY)).toEqual([{ type: 'AssessmentPolicyIssued', data: { ...chosen, minimumProjectCny: '0.00' } }]);
  });

  it.each<[string, Partial<IssueAssessmentPolicy>, string]>([
    ['a negative minimum', { minimumProjectCny: '-0.01' }, 'minimum-project-size'],
    ['an inexact minimum', { minimumProjectCny: '1.001' }, 'minimum-project-size'],
    ['an unknown sector', { fixedAssetSectors: ['secondary', 'mining'] }, 'fixed-asset-sectors'],
    ['real estate by fixed assets', { fixedAssetSectors: ['real_estate'] }, 'fixed-asset-sectors'],
    ['a sector twice', { fixedAssetSectors: ['primary', 'primary'] }, 'fixed-asset-sectors'],
    ['a zero multiplier', { realEstateTaxMultiplier: 0 }, 'real-estate-multiplier'],
    ['a fractional multiplier', { realEstateTaxMultiplier: 2.5 }, 'real-estate-multiplier'],
    ['a multiplier over 100', { realEstateTaxMultiplier: 101 }, 'real-estate-multiplier'],
    ['an impossible date', { effectiveFrom: '2026-02-29' }, 'effective-from'],
  ])('refuses %s', (_case, change, rule) => {
    const decision = decideIssuePolicy({ ...command, ...change }, null, TODAY);
    expect(decision).toBeInstanceOf(RuleViolation);
    expect(decision).toMatchObject({ rule });
  });

  it('refuses a second issue on the same stream', () => {
    const [issued] = decideIssuePolicy(command, null, TODAY) as [{ type: 'AssessmentPolicyIssued'; data: AssessmentPolicy }];
    expect(decideIssuePolicy(command, evolvePolicy(null, issued), TODAY)).toMatchObject({ rule: 'policy-exists' });
  });
});

describe('the policy in force for a period', () => {
  const policy = (policyId: string, effectiveFrom: string): AssessmentPolicy => ({
    policyId,
    effectiveFrom,
    minimumProjectCny: '0.00',
    fixedAssetSectors: ['secondary'],
    realEstateTaxMultiplier: 10,
    otherSectorsCount: false,
  });
  const recorded = [policy('a', '2026-01-01'), policy('c', '2026-07-01'), policy('b', '2026-04-01'), policy('b2', '2026-04-01')];

  it.each([
    ['2025-12-31', null],
    ['2026-01-01', 'a'],
    ['2026-03-31', 'a'],
    // the same effective date: the later recorded wins
    ['2026-04-01', 'b2'],
    ['2026-06-30', 'b2'],
    // the latest effective date wins, whatever the recording order
    ['2026-12-31', 'c'],
  ])('on %s is %s', (lastDay, expected) => {
    expect(policyInForce(recorded, lastDay)?.policyId ?? null).toBe(expected);
  });
});
