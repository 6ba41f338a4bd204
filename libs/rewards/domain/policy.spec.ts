import { NotFound } from '../../kernel/index.js';
import { deciderSpec } from '../../kernel/testing/decider.js';
import type { RewardPolicyEvent } from './events.js';
import { decidePolicy, evolvePolicy, type PolicyCommand, type PolicyState } from './policy.js';

/** The day the deciders are asked on: policies need none, so any day does. */
const TODAY = '2026-03-01';

const { given } = deciderSpec<PolicyCommand, PolicyState, RewardPolicyEvent>({
  decide: decidePolicy,
  evolve: (state, event) => evolvePolicy(state, event),
  initial: null,
  today: TODAY,
});

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

/** What issue() decides: the policy's stream as the given cases start from. */
const issued: RewardPolicyEvent = {
  type: 'RewardPolicyIssued',
  data: { policyId: 'A', rateBps: 300, productiveSectors: ['primary', 'secondary'], effectiveFrom: '2026-01-01', lifetimeCap: null },
};
const repealed = (repealedFrom = '2026-06-01'): RewardPolicyEvent => ({
  type: 'RewardPolicyRepealed',
  data: { policyId: 'A', repealedFrom, reason: 'fair-competition review' },
});

describe('reward policy decider', () => {
  it.each<[string, RewardPolicyEvent[], PolicyCommand, RewardPolicyEvent[]]>([
    ['issues with the default productive sectors and no cap', [], issue(), [issued]],
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
    ['repeals from a date', [issued], repeal(), [repealed()]],
    ['repeals from its first day (it never applied)', [issued], repeal({ repealedFrom: '2026-01-01' }), [repealed('2026-01-01')]],
  ])('%s', (_name, history, command, expected) => {
    given(history).when(command).then(expected);
  });

  it.each<[string, RewardPolicyEvent[], PolicyCommand, string]>([
    ['refuses 0 bps', [], issue({ rateBps: 0 }), 'rate-bps'],
    ['refuses more than 10000 bps', [], issue({ rateBps: 10_001 }), 'rate-bps'],
    ['refuses a fractional rate', [], issue({ rateBps: 2.5 }), 'rate-bps'],
    ['refuses no productive sector', [], issue({ productiveSectors: [] }), 'productive-sectors'],
    ['refuses an unknown sector', [], issue({ productiveSectors: ['mining'] }), 'productive-sectors'],
    ['refuses a repeated sector', [], issue({ productiveSectors: ['primary', 'primary'] }), 'productive-sectors'],
    ['refuses a non-date', [], issue({ effectiveFrom: '2026-02-30' }), 'effective-from'],
    ['refuses a zero cap', [], issue({ lifetimeCap: { amount: '0.00', currency: 'CNY' } }), 'lifetime-cap'],
    ['refuses a foreign cap', [], issue({ lifetimeCap: { amount: '100', currency: 'USD' } }), 'lifetime-cap'],
    ['refuses issuing the same policy twice', [issued], issue(), 'policy-exists'],
    ['refuses a repeal before the policy applied', [issued], repeal({ repealedFrom: '2025-12-31' }), 'repealed-from'],
    ['refuses a second repeal', [issued, repealed()], repeal({ repealedFrom: '2026-07-01' }), 'repeal-once'],
    ['refuses a repeal without a reason', [issued], repeal({ reason: '  ' }), 'reason'],
  ])('%s', (_name, history, command, rule) => {
    given(history).when(command).thenRefused(rule);
  });

  it('the given events are what the commands decide', () => {
    given([]).when(issue()).then([issued]);
    given([issued]).when(repeal()).then([repealed()]);
  });

  it('repealing an unknown policy is NotFound', () => {
    given([]).when(repeal()).thenThrows(NotFound);
  });
});
