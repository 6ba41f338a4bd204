import { NotFound, RuleViolation, type Decision } from '../../kernel/index.js';
import type { RewardPolicyEvent } from './events.js';
import { decidePolicy, evolvePolicy, type PolicyCommand, type PolicyState } from './policy.js';

/** The day the deciders are asked on: policies need none, so any day does. */
const TODAY = '2026-03-01';

const issue = (extra: Partial<Extract<PolicyCommand, { type: 'IssueRewardPolicy' }>> = {}): PolicyCommand => ({
  type: 'IssueRewardPolicy',
  policyId: 'A',
  rateBps: 300,
  effectiveFrom: '2026-01-01',
  ...extra,
});
const repeal = (extra: Partial<Extract<PolicyCommand, { type: 'RepealRewardPolicy' }>> = {}): PolicyCommand => ({
  type: 'RepealRewardPolicy',
  policyId: 'A',
  repealedFrom: '2026-06-01',
  reason: 'fair-competition review',
  ...extra,
});

function given(...commands: PolicyCommand[]): PolicyState {
  return commands.reduce<PolicyState>((state, c) => {
    const decision = decidePolicy(c, state, TODAY);
    if (decision instanceof RuleViolation) throw decision;
    return decision.reduce(evolvePolicy, state);
  }, null);
}

function rule(decision: Decision<RewardPolicyEvent>): string | RewardPolicyEvent[] {
  return decision instanceof RuleViolation ? decision.rule : decision;
}

describe('reward policy decider', () => {
  it.each<[string, PolicyCommand[], PolicyCommand, string | RewardPolicyEvent[]]>([
    [
      'issues with the default productive sectors and no cap',
      [],
      issue(),
      [
        {
          type: 'RewardPolicyIssued',
          data: { policyId: 'A', rateBps: 300, productiveSectors: ['primary', 'secondary'], effectiveFrom: '2026-01-01', lifetimeCap: null },
        },
      ],
    ],
    [
      'keeps sectors in canonical order and the cap to the fen',
      [],
      issue({ productiveSectors: ['real_estate', 'primary'], lifetimeCap: { amount: '500000', currency: 'CNY' }, rateBps: 10_000 }),
      [
        {
          type: 'RewardPolicyIssued',
          data: { policyId: 'A', rateBps: 10_000, productiveSectors: ['primary', 'real_estate'], effectiveFrom: '2026-01-01', lifetimeCap: '500000.00' },
        },
      ],
    ],
    ['refuses 0 bps', [], issue({ rateBps: 0 }), 'rate-bps'],
    ['refuses more than 10000 bps', [], issue({ rateBps: 10_001 }), 'rate-bps'],
    ['refuses a fractional rate', [], issue({ rateBps: 2.5 }), 'rate-bps'],
    ['refuses no productive sector', [], issue({ productiveSectors: [] }), 'productive-sectors'],
    ['refuses an unknown sector', [], issue({ productiveSectors: ['mining'] }), 'productive-sectors'],
    ['refuses a repeated sector', [], issue({ productiveSectors: ['primary', 'primary'] }), 'productive-sectors'],
    ['refuses a non-date', [], issue({ effectiveFrom: '2026-02-30' }), 'effective-from'],
    ['refuses a zero cap', [], issue({ lifetimeCap: { amount: '0.00', currency: 'CNY' } }), 'lifetime-cap'],
    ['refuses a foreign cap', [], issue({ lifetimeCap: { amount: '100', currency: 'USD' } }), 'lifetime-cap'],
    ['refuses issuing the same policy twice', [issue()], issue(), 'policy-exists'],
    [
      'repeals from a date',
      [issue()],
      repeal(),
      [{ type: 'RewardPolicyRepealed', data: { policyId: 'A', repealedFrom: '2026-06-01', reason: 'fair-competition review' } }],
    ],
    [
      'repeals from its first day (it never applied)',
      [issue()],
      repeal({ repealedFrom: '2026-01-01' }),
      [{ type: 'RewardPolicyRepealed', data: { policyId: 'A', repealedFrom: '2026-01-01', reason: 'fair-competition review' } }],
    ],
    ['refuses a repeal before the policy applied', [issue()], repeal({ repealedFrom: '2025-12-31' }), 'repealed-from'],
    ['refuses a second repeal', [issue(), repeal()], repeal({ repealedFrom: '2026-07-01' }), 'repeal-once'],
    ['refuses a repeal without a reason', [issue()], repeal({ reason: '  ' }), 'reason'],
  ])('%s', (_name, history, command, expected) => {
    expect(rule(decidePolicy(command, given(...history), TODAY))).toEqual(expected);
  });

  it('repealing an unknown policy is NotFound', () => {
    expect(() => decidePolicy(repeal(), null, TODAY)).toThrow(NotFound);
  });
});
