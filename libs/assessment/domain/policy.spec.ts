import { deciderSpec } from '../../kernel/testing/decider.js';
import {
  decideIssuePolicy,
  evolvePolicy,
  policyInForce,
  type AssessmentPolicy,
  type AssessmentPolicyEvent,
  type IssueAssessmentPolicy,
  type PolicyState,
} from './policy.js';

/** The day the deciders are asked on: policies need none, so any day does. */
const TODAY = '2026-03-01';

const { given } = deciderSpec<IssueAssessmentPolicy, PolicyState, AssessmentPolicyEvent>({
  decide: decideIssuePolicy,
  evolve: (state, event) => evolvePolicy(state, event),
  initial: null,
  today: TODAY,
});

const command: IssueAssessmentPolicy = { policyId: 'ap1', minimumProjectCny: '10000000.00', effectiveFrom: '2026-01-01' };

/** What issuing `command` records: the DOMAIN.md defaults filled in. */
const issued: AssessmentPolicyEvent = {
  type: 'AssessmentPolicyIssued',
  data: {
    policyId: 'ap1',
    minimumProjectCny: '10000000.00',
    fixedAssetSectors: ['primary', 'secondary'],
    realEstateTaxMultiplier: 10,
    otherSectorsCount: false,
    effectiveFrom: '2026-01-01',
  },
};

describe('issuing an assessment policy', () => {
  it('fills the DOMAIN.md defaults into the event', () => {
    given([]).when(command).then([issued]);
  });

  it('keeps what the admin chose', () => {
    const chosen = { ...command, minimumProjectCny: '0', fixedAssetSectors: [], realEstateTaxMultiplier: 100, otherSectorsCount: true };
    given([])
      .when(chosen)
      .then([{ type: 'AssessmentPolicyIssued', data: { ...chosen, minimumProjectCny: '0.00' } }]);
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
    given([])
      .when({ ...command, ...change })
      .thenRefused(rule);
  });

  it('refuses a second issue on the same stream', () => {
    given([issued]).when(command).thenRefused('policy-exists');
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
