/**
 * Decider tables for the project stream (DOMAIN.md "A project's life"), Emmett style:
 *   given(events).when(command, ctx).then(expectedEvents) | .thenRefused(rule)   (libs/kernel/testing/decider.ts)
 * The given events are folded with `evolve`; the i-th given event is stored as `ev-i` at revision i,
 * so a void names its target as `ev-<index>`.
 */
import { readFileSync } from 'node:fs';
import { Conflict, RuleViolation } from '../../kernel/index.js';
import { deciderSpec, type Then } from '../../kernel/testing/decider.js';
import type { MoneyInput, ProjectCommand } from './commands.js';
import { decide } from './decide.js';
import type { MoneyFact, ProjectEvent, Referrer } from './events.js';
import { evolve } from './evolve.js';
import type { ProjectState } from './state.js';

// ---------------------------------------------------------------------------------------------
// The helper
// ---------------------------------------------------------------------------------------------

const TODAY = '2026-03-15';
/** Who asks, and on which day. The role reaches the decider on a RegisterLead only (as its `registeredBy`). */
interface Ctx {
  role: string;
  today: string;
}
const recorder: Ctx = { role: 'recorder', today: TODAY };
const assessor: Ctx = { role: 'assessor', today: TODAY };

const eventId = (index: number): string => `ev-${index}`;

const spec = deciderSpec<ProjectCommand, ProjectState, ProjectEvent>({
  decide,
  initial: null,
  today: TODAY,
  evolve: (state, event, i) => evolve(state, event, { eventId: eventId(i), revision: i }),
});
const fold = spec.fold;

/** The command as `ctx`'s role sends it. */
const by = (command: ProjectCommand, ctx: Ctx): ProjectCommand => (command.type === 'RegisterLead' ? { ...command, registeredBy: ctx.role } : command);

function given(events: readonly ProjectEvent[]): { when(command: ProjectCommand, ctx?: Ctx): Then<ProjectEvent> } {
  const at = spec.given(events);
  return { when: (command, ctx = recorder) => at.when(by(command, ctx), ctx.today) };
}

// ---------------------------------------------------------------------------------------------
// Seed-fact builders (夏津縣 華芳集團 cotton textile, 萊鋼永鋒軋鋼, 金魚來保鮮設備, 韓國西傑集團, 參天堂)
// ---------------------------------------------------------------------------------------------

const cny = (amount: string): MoneyFact => ({ amount, currency: 'CNY', cny: amount });
const cnyIn = (amount: string): MoneyInput => ({ amount, currency: 'CNY' });

const LEAD_ON = '2024-01-10';
const 慶雲引薦人: Referrer = { referrerId: 'ref-qingyun-zhang', name: '張建國', kind: 'person' };

const lead = (over: Partial<Extract<ProjectEvent, { type: 'LeadRegistered' }>['data']> = {}): ProjectEvent => ({
  type: 'LeadRegistered',
  data: {
    projectId: 'p-huafang',
    name: '華芳集團棉紡織項目',
    investor: '華芳集團',
    origin: 'domestic',
    sector: 'secondary',
    plannedInvestment: cny('300000000.00'),
    unitId: 'unit-xiajin',
    parkId: null,
    referrer: null,
    leadOn: LEAD_ON,
    distinctFrom: null,
    ...over,
  },
});
const signed = (signedOn: string, kind: 'intent' | 'contract' = 'contract', amount = '280000000.00'): ProjectEvent => ({
  type: 'ProjectSigned',
  data: { kind, committedInvestment: cny(amount), signedOn },
});
const funded = (arrivedOn: string, amount = '50000000.00', bankReference = 'BOC-XJ-0001'): ProjectEvent => ({
  type: 'FundingArrived',
  data: { amount: cny(amount), bankReference, arrivedOn },
});
const brokeGround = (brokeGroundOn: string): ProjectEvent => ({ type: 'GroundBroken', data: { brokeGroundOn } });
const completed = (completedOn: string): ProjectEvent => ({ type: 'ProjectCompleted', data: { completedOn } });
const producing = (startedOn: string): ProjectEvent => ({ type: 'ProductionStarted', data: { startedOn } });
const taxed = (paidOn: string, amount = '1200000.00', taxMonth = paidOn.slice(0, 7)): ProjectEvent => ({
  type: 'TaxPaid',
  data: { amount: cny(amount), taxMonth, paymentReference: `TAX-${paidOn}`, paidOn },
});
const verified = (inspectedOn: string): ProjectEvent => ({
  type: 'FixedAssetsVerified',
  data: {
    plant: cny('90000000.00'),
    equipment: cny('120000000.00'),
    land: cny('30000000.00'),
    total: cny('240000000.00'),
    inspectedOn,
    inspector: '市考核評價中心 王',
  },
});
const voided = (target: number, on: string, voidedType: 'FundingArrived' | 'TaxPaid' | 'FixedAssetsVerified'): ProjectEvent => ({
  type: 'FactVoided',
  data: { voidedEventId: eventId(target), voidedType, reason: '重複錄入', on },
});
const abandoned = (abandonedOn: string): ProjectEvent => ({ type: 'ProjectAbandoned', data: { reason: '投資方資金鏈斷裂', abandonedOn } });

// Stream prefixes, one per stage. Index = revision = `ev-<index>`.
const L = [lead()];
const S = [...L, signed('2024-02-29')]; // leap-day contract
const G = [...S, brokeGround('2024-04-01')];
const C = [...G, completed('2024-12-31')]; // year-end completion
const P = [...C, producing('2025-01-01')]; // production the next day, across the year end
const A = [...S, abandoned('2024-06-30')];

// Commands
const registerLead = (over: Partial<Extract<ProjectCommand, { type: 'RegisterLead' }>> = {}): ProjectCommand => ({
  type: 'RegisterLead',
  name: '華芳集團棉紡織項目',
  investor: '華芳集團',
  origin: 'domestic',
  sector: 'secondary',
  plannedInvestment: cnyIn('300000000.00'),
  unitId: 'unit-xiajin',
  leadOn: LEAD_ON,
  projectId: 'p-huafang',
  registeredBy: 'recorder',
  ...over,
});
const sign = (signedOn: string, kind: 'intent' | 'contract' = 'contract', committedInvestment: MoneyInput = cnyIn('280000000.00')): ProjectCommand => ({
  type: 'Sign',
  kind,
  committedInvestment,
  signedOn,
});
const fund = (arrivedOn: string, amount: MoneyInput = cnyIn('50000000.00'), bankReference = 'BOC-XJ-0001'): ProjectCommand => ({
  type: 'RecordFunding',
  amount,
  bankReference,
  arrivedOn,
});
const breakGround = (brokeGroundOn: string): ProjectCommand => ({ type: 'BreakGround', brokeGroundOn });
const complete = (completedOn: string): ProjectCommand => ({ type: 'Complete', completedOn });
const startProduction = (startedOn: string): ProjectCommand => ({ type: 'StartProduction', startedOn });
const recordTax = (
  paidOn: string,
  taxMonth = paidOn.slice(0, 7),
  amount: MoneyInput = cnyIn('1200000.00'),
  paymentReference = `TAX-${paidOn}`,
): ProjectCommand => ({
  type: 'RecordTax',
  amount,
  taxMonth,
  paymentReference,
  paidOn,
});
const verify = (
  inspectedOn: string,
  plant: MoneyInput = cnyIn('90000000.00'),
  equipment: MoneyInput = cnyIn('120000000.00'),
  land: MoneyInput = cnyIn('30000000.00'),
): ProjectCommand => ({
  type: 'VerifyFixedAssets',
  plant,
  equipment,
  land,
  inspectedOn,
  inspector: '市考核評價中心 王',
});
const reassign = (unitId: string, on: string): ProjectCommand => ({ type: 'ReassignCredit', unitId, reason: '考核認定歸屬', on });
const assignReferrer = (assignedOn: string, referrer: Referrer = 慶雲引薦人): ProjectCommand => ({ type: 'AssignReferrer', referrer, assignedOn });
const voidFact = (target: number, on: string): ProjectCommand => ({ type: 'VoidFact', eventId: eventId(target), reason: '重複錄入', on });
const abandon = (abandonedOn: string): ProjectCommand => ({ type: 'Abandon', reason: '投資方資金鏈斷裂', abandonedOn });

interface AllowedCase {
  name: string;
  given: ProjectEvent[];
  when: ProjectCommand;
  ctx?: Ctx;
  then: ProjectEvent[];
}
interface RefusedCase {
  name: string;
  given: ProjectEvent[];
  when: ProjectCommand;
  ctx?: Ctx;
  refused: string;
}

// ---------------------------------------------------------------------------------------------
// Allowed transitions
// ---------------------------------------------------------------------------------------------

const allowed: AllowedCase[] = [
  { name: 'a lead starts the stream', given: [], when: registerLead(), then: [lead()] },
  {
    name: 'a lead with a referrer and a park (慶雲縣 lifelong-reward referral)',
    given: [],
    when: registerLead({ referrer: 慶雲引薦人, parkId: 'park-xiajin-dev' }),
    then: [lead({ referrer: 慶雲引薦人, parkId: 'park-xiajin-dev' })],
  },
  {
    name: 'an assessor registers a lead as distinct from a live project',
    given: [],
    when: registerLead({ distinctFrom: 'p-huafang-phase1' }),
    ctx: assessor,
    then: [lead({ distinctFrom: 'p-huafang-phase1' })],
  },
  {
    name: "a lead with its investor's credit code",
    given: [],
    when: registerLead({ creditCode: '91350100M000100Y43' }),
    then: [{ type: 'LeadRegistered', data: { ...(lead().data as object), creditCode: '91350100M000100Y43' } } as ProjectEvent],
  },
  { name: 'a lead dated today', given: [], when: registerLead({ leadOn: TODAY }), then: [lead({ leadOn: TODAY })] },
  { name: 'a contract after the lead', given: L, when: sign('2024-02-29'), then: [signed('2024-02-29')] },
  { name: 'signing on the lead day', given: L, when: sign(LEAD_ON), then: [signed(LEAD_ON)] },
  { name: 'an intent after the lead', given: L, when: sign('2024-03-01', 'intent'), then: [signed('2024-03-01', 'intent')] },
  {
    name: 'a contract after an intent, same day',
    given: [...L, signed('2024-03-01', 'intent', '100000000.00')],
    when: sign('2024-03-01', 'contract', cnyIn('150000000.00')),
    then: [signed('2024-03-01', 'contract', '150000000.00')],
  },
  {
    name: 'a contract after an intent, after ground was broken',
    given: [...L, signed('2024-03-01', 'intent'), brokeGround('2024-05-01')],
    when: sign('2024-06-01', 'contract'),
    then: [signed('2024-06-01', 'contract')],
  },
  {
    name: 'funding after a contract, dated between the intent and the contract (funding needs the first signing)',
    given: [...L, signed('2024-03-01', 'intent'), signed('2024-06-01', 'contract')],
    when: fund('2024-04-01'),
    then: [funded('2024-04-01')],
  },
  {
    name: 'groundbreaking after a contract that followed an intent, on the contract day',
    given: [...L, signed('2024-03-01', 'intent'), signed('2024-06-01', 'contract')],
    when: breakGround('2024-06-01'),
    then: [brokeGround('2024-06-01')],
  },
  {
    name: 'a contract after an intent and a completion, on the completion day',
    given: [...L, signed('2024-03-01', 'intent'), brokeGround('2024-05-01'), completed('2024-09-30')],
    when: sign('2024-09-30', 'contract'),
    then: [signed('2024-09-30', 'contract')],
  },
  { name: 'funding after signing', given: S, when: fund('2024-03-05'), then: [funded('2024-03-05')] },
  { name: 'funding on the signing day', given: S, when: fund('2024-02-29'), then: [funded('2024-02-29')] },
  {
    name: 'a second tranche dated earlier than the first (late recording)',
    given: [...S, funded('2024-06-01', '50000000.00', 'BOC-XJ-0002')],
    when: fund('2024-03-01'),
    then: [funded('2024-03-01')],
  },
  {
    name: 'a slip whose earlier fact was voided may be recorded again',
    given: [...S, funded('2024-03-05'), voided(2, '2024-03-06', 'FundingArrived')],
    when: fund('2024-03-07'),
    then: [funded('2024-03-07')],
  },
  {
    name: 'a tax payment may carry the number of a funding slip (different kinds of slip)',
    given: [...P, funded('2025-01-05', '50000000.00', 'X-1')],
    when: recordTax('2025-02-15', '2025-01', cnyIn('1200000.00'), 'X-1'),
    then: [{ type: 'TaxPaid', data: { amount: cny('1200000.00'), taxMonth: '2025-01', paymentReference: 'X-1', paidOn: '2025-02-15' } }],
  },
  { name: 'funding dated today', given: S, when: fund(TODAY), then: [funded(TODAY)] },
  { name: 'a void dated today', given: [...S, funded('2024-03-05')], when: voidFact(2, TODAY), then: [voided(2, TODAY, 'FundingArrived')] },
  { name: 'funding while in production', given: P, when: fund('2025-02-01'), then: [funded('2025-02-01')] },
  { name: 'ground broken after signing', given: S, when: breakGround('2024-04-01'), then: [brokeGround('2024-04-01')] },
  { name: 'ground broken on the signing day', given: S, when: breakGround('2024-02-29'), then: [brokeGround('2024-02-29')] },
  {
    name: 'ground broken after an intent only',
    given: [...L, signed('2024-03-01', 'intent')],
    when: breakGround('2024-03-02'),
    then: [brokeGround('2024-03-02')],
  },
  { name: 'completion after groundbreaking', given: G, when: complete('2024-12-31'), then: [completed('2024-12-31')] },
  { name: 'completion on the groundbreaking day', given: G, when: complete('2024-04-01'), then: [completed('2024-04-01')] },
  { name: 'production after completion, across the year end', given: C, when: startProduction('2025-01-01'), then: [producing('2025-01-01')] },
  { name: 'production on the completion day', given: C, when: startProduction('2024-12-31'), then: [producing('2024-12-31')] },
  { name: 'tax after production', given: P, when: recordTax('2025-02-15', '2025-01'), then: [taxed('2025-02-15', '1200000.00', '2025-01')] },
  { name: 'tax for December paid in January', given: P, when: recordTax('2025-01-01', '2024-12'), then: [taxed('2025-01-01', '1200000.00', '2024-12')] },
  { name: 'tax on the production day, same month', given: P, when: recordTax('2025-01-01', '2025-01'), then: [taxed('2025-01-01', '1200000.00', '2025-01')] },
  { name: 'fixed assets verified after groundbreaking by an assessor', given: G, when: verify('2024-12-31'), ctx: assessor, then: [verified('2024-12-31')] },
  { name: 'fixed assets verified on the groundbreaking day', given: G, when: verify('2024-04-01'), ctx: assessor, then: [verified('2024-04-01')] },
  {
    name: 'a zero part in a verification (no land yet)',
    given: G,
    when: verify('2024-06-30', cnyIn('90000000.00'), cnyIn('120000000.00'), cnyIn('0')),
    ctx: assessor,
    then: [
      {
        type: 'FixedAssetsVerified',
        data: {
          plant: cny('90000000.00'),
          equipment: cny('120000000.00'),
          land: cny('0.00'),
          total: cny('210000000.00'),
          inspectedOn: '2024-06-30',
          inspector: '市考核評價中心 王',
        },
      },
    ],
  },
  {
    name: 'credit reassigned to another unit (項目只認定一家)',
    given: S,
    when: reassign('unit-dezhou-dev-zone', '2024-03-01'),
    ctx: assessor,
    then: [{ type: 'CreditReassigned', data: { fromUnitId: 'unit-xiajin', unitId: 'unit-dezhou-dev-zone', reason: '考核認定歸屬', on: '2024-03-01' } }],
  },
  {
    name: 'credit reassigned on the lead day',
    given: L,
    when: reassign('unit-qingyun', LEAD_ON),
    ctx: assessor,
    then: [{ type: 'CreditReassigned', data: { fromUnitId: 'unit-xiajin', unitId: 'unit-qingyun', reason: '考核認定歸屬', on: LEAD_ON } }],
  },
  {
    name: 'credit reassigned back to the first unit after a reassignment',
    given: [...L, { type: 'CreditReassigned', data: { fromUnitId: 'unit-xiajin', unitId: 'unit-qingyun', reason: 'x', on: '2024-02-01' } }],
    when: reassign('unit-xiajin', '2024-03-01'),
    ctx: assessor,
    then: [{ type: 'CreditReassigned', data: { fromUnitId: 'unit-qingyun', unitId: 'unit-xiajin', reason: '考核認定歸屬', on: '2024-03-01' } }],
  },
  {
    name: 'a referrer assigned when the lead had none',
    given: P,
    when: assignReferrer('2025-03-01'),
    ctx: assessor,
    then: [{ type: 'ReferrerAssigned', data: { referrer: 慶雲引薦人, assignedOn: '2025-03-01' } }],
  },
  {
    name: 'an organisation refers (以商引商)',
    given: L,
    when: assignReferrer(LEAD_ON, { referrerId: 'ref-kunshan-chamber', name: '昆山紡織商會', kind: 'organization' }),
    ctx: assessor,
    then: [
      { type: 'ReferrerAssigned', data: { referrer: { referrerId: 'ref-kunshan-chamber', name: '昆山紡織商會', kind: 'organization' }, assignedOn: LEAD_ON } },
    ],
  },
  { name: 'a funding voided', given: [...S, funded('2024-03-05')], when: voidFact(2, '2024-03-05'), then: [voided(2, '2024-03-05', 'FundingArrived')] },
  {
    name: 'a tax payment voided by an assessor',
    given: [...P, taxed('2025-02-15')],
    when: voidFact(5, '2025-03-01'),
    ctx: assessor,
    then: [voided(5, '2025-03-01', 'TaxPaid')],
  },
  {
    name: 'a verification voided',
    given: [...G, verified('2024-12-31')],
    when: voidFact(3, '2025-01-05'),
    ctx: assessor,
    then: [voided(3, '2025-01-05', 'FixedAssetsVerified')],
  },
  {
    name: 'a void after abandonment',
    given: [...S, funded('2024-03-05'), abandoned('2024-06-30')],
    when: voidFact(2, '2024-07-01'),
    then: [voided(2, '2024-07-01', 'FundingArrived')],
  },
  {
    name: 'a void after abandonment dated before the abandonment (on or after its fact)',
    given: [...S, funded('2024-03-05'), abandoned('2024-06-30')],
    when: voidFact(2, '2024-04-01'),
    then: [voided(2, '2024-04-01', 'FundingArrived')],
  },
  {
    name: 'another fact voided after one was voided',
    given: [...S, funded('2024-03-05'), funded('2024-03-06', '10000000.00', 'BOC-XJ-0002'), voided(2, '2024-03-10', 'FundingArrived')],
    when: voidFact(3, '2024-03-10'),
    then: [voided(3, '2024-03-10', 'FundingArrived')],
  },
  { name: 'a lead abandoned', given: L, when: abandon('2024-01-10'), then: [abandoned('2024-01-10')] },
  { name: 'a signed project abandoned (前熱後冷)', given: S, when: abandon('2024-06-30'), then: [abandoned('2024-06-30')] },
  { name: 'a completed project abandoned on its completion day', given: C, when: abandon('2024-12-31'), then: [abandoned('2024-12-31')] },
];

describe('decide: one slip is counted once (409 naming the earlier event)', () => {
  const cases: { name: string; given: ProjectEvent[]; when: ProjectCommand; earlier: string }[] = [
    { name: 'the same bank reference twice', given: [...S, funded('2024-03-05')], when: fund('2024-03-06'), earlier: 'ev-2' },
    {
      name: 'a bank reference differing only in width, case, spaces and a zero-width space',
      given: [...S, funded('2024-03-05', '1.00', 'BOC-XJ-0001')],
      when: fund('2024-03-06', cnyIn('2.00'), 'ｂｏｃ-XJ\u200b- 0001'),
      earlier: 'ev-2',
    },
    {
      name: 'the same payment reference twice',
      given: [...P, taxed('2025-02-15')],
      when: recordTax('2025-03-15', '2025-02', cnyIn('1.00'), 'TAX-2025-02-15'),
      earlier: 'ev-5',
    },
  ];
  it.each(cases)('$name', ({ given: events, when, earlier }) => {
    const thrown = given(events).when(when).thenThrows(Conflict);
    expect(thrown.details).toMatchObject({ rule: 'one-slip-once', eventId: earlier });
    expect(thrown.message).toContain(earlier);
  });
});

describe('decide: allowed transitions', () => {
  it.each(allowed)('$name', ({ given: events, when, ctx, then }) => given(events).when(when, ctx).then(then));
});

// ---------------------------------------------------------------------------------------------
// Refused transitions: every rule decide.ts (and moneyFact) can return
// ---------------------------------------------------------------------------------------------

const refused: RefusedCase[] = [
  // lead-first
  { name: 'lead-first: signing without a lead', given: [], when: sign('2024-02-29'), refused: 'lead-first' },
  { name: 'lead-first: a void without a lead', given: [], when: voidFact(0, '2024-02-29'), refused: 'lead-first' },
  { name: 'lead-first: a second lead', given: L, when: registerLead(), refused: 'lead-first' },
  { name: 'lead-first: a lead on an abandoned project', given: A, when: registerLead(), refused: 'lead-first' },
  // abandoned-is-final
  ...(
    [
      ['signing', sign('2024-07-01', 'contract')],
      ['funding', fund('2024-07-01')],
      ['groundbreaking', breakGround('2024-07-01')],
      ['credit reassignment', reassign('unit-qingyun', '2024-07-01')],
      ['referrer assignment', assignReferrer('2024-07-01')],
      ['a second abandonment', abandon('2024-07-01')],
    ] as const
  ).map(([what, when]): RefusedCase => ({ name: `abandoned-is-final: ${what}`, given: A, when, ctx: assessor, refused: 'abandoned-is-final' })),
  {
    name: 'abandoned-is-final: completion of an abandoned construction',
    given: [...G, abandoned('2024-05-01')],
    when: complete('2024-06-01'),
    refused: 'abandoned-is-final',
  },
  // signing-order
  { name: 'signing-order: a contract after a contract', given: S, when: sign('2024-03-01', 'contract'), refused: 'signing-order' },
  { name: 'signing-order: an intent after a contract', given: S, when: sign('2024-03-01', 'intent'), refused: 'signing-order' },
  {
    name: 'signing-order: an intent after an intent (韓國西傑集團 lysine)',
    given: [...L, signed('2024-03-01', 'intent')],
    when: sign('2024-04-01', 'intent'),
    refused: 'signing-order',
  },
  {
    name: 'signing-order: a contract after intent and contract',
    given: [...L, signed('2024-03-01', 'intent'), signed('2024-04-01')],
    when: sign('2024-05-01'),
    refused: 'signing-order',
  },
  // funding / stages
  { name: 'funding-after-signing', given: L, when: fund('2024-02-01'), refused: 'funding-after-signing' },
  { name: 'groundbreaking-after-signing', given: L, when: breakGround('2024-02-01'), refused: 'groundbreaking-after-signing' },
  { name: 'groundbreaking-once', given: G, when: breakGround('2024-05-01'), refused: 'groundbreaking-once' },
  { name: 'groundbreaking-once (in production)', given: P, when: breakGround('2025-05-01'), refused: 'groundbreaking-once' },
  { name: 'completion-after-groundbreaking (lead)', given: L, when: complete('2024-05-01'), refused: 'completion-after-groundbreaking' },
  { name: 'completion-after-groundbreaking (signed)', given: S, when: complete('2024-05-01'), refused: 'completion-after-groundbreaking' },
  { name: 'completion-once', given: C, when: complete('2025-01-05'), refused: 'completion-once' },
  { name: 'production-after-completion (signed)', given: S, when: startProduction('2024-05-01'), refused: 'production-after-completion' },
  { name: 'production-after-completion (under construction)', given: G, when: startProduction('2024-05-01'), refused: 'production-after-completion' },
  { name: 'production-once', given: P, when: startProduction('2025-02-01'), refused: 'production-once' },
  { name: 'tax-after-production (completed)', given: C, when: recordTax('2025-01-15'), refused: 'tax-after-production' },
  { name: 'tax-after-production (lead)', given: L, when: recordTax('2024-02-15'), refused: 'tax-after-production' },
  {
    name: 'tax-in-cny',
    given: P,
    when: recordTax('2025-02-15', '2025-01', { amount: '100000.00', currency: 'USD', cnyRate: '7.1234' }),
    refused: 'tax-in-cny',
  },
  { name: 'tax-month: after the payment month', given: P, when: recordTax('2025-02-15', '2025-03'), refused: 'tax-month' },
  { name: 'tax-month: December paid the previous December', given: P, when: recordTax('2025-12-31', '2026-01'), refused: 'tax-month' },
  { name: 'tax-month: not a month', given: P, when: recordTax('2025-02-15', '2025-13'), refused: 'tax-month' },
  { name: 'tax-month: a date instead of a month', given: P, when: recordTax('2025-02-15', '2025-02-15'), refused: 'tax-month' },
  { name: 'verification-after-groundbreaking', given: S, when: verify('2024-03-01'), ctx: assessor, refused: 'verification-after-groundbreaking' },
  {
    name: 'verification-in-cny',
    given: G,
    when: verify('2024-06-01', { amount: '1000000.00', currency: 'USD', cnyRate: '7.1234' }),
    ctx: assessor,
    refused: 'verification-in-cny',
  },
  { name: 'credit-changes-unit', given: S, when: reassign('unit-xiajin', '2024-03-01'), ctx: assessor, refused: 'credit-changes-unit' },
  {
    name: 'first-referrer: the lead named one',
    given: [lead({ referrer: 慶雲引薦人 })],
    when: assignReferrer('2024-02-01', { referrerId: 'ref-2', name: '李四', kind: 'person' }),
    ctx: assessor,
    refused: 'first-referrer',
  },
  {
    name: 'first-referrer: one was assigned',
    given: [...L, { type: 'ReferrerAssigned', data: { referrer: 慶雲引薦人, assignedOn: '2024-01-20' } }],
    when: assignReferrer('2024-02-01', { referrerId: 'ref-2', name: '李四', kind: 'person' }),
    ctx: assessor,
    refused: 'first-referrer',
  },
  {
    name: 'investor-is-not-referrer: Simplified against Traditional, with a suffix and a zero-width space',
    given: [],
    when: registerLead({ referrer: { referrerId: 'r-hf', name: '华芳\u200b集团有限公司', kind: 'organization' } }),
    refused: 'investor-is-not-referrer',
  },
  { name: 'credit-code: a wrong check character', given: [], when: registerLead({ creditCode: '91350100M000100Y44' }), refused: 'credit-code' },
  {
    name: 'investor-is-not-referrer: on the lead',
    given: [],
    when: registerLead({ referrer: { referrerId: 'r-hf', name: '華芳集團', kind: 'organization' } }),
    refused: 'investor-is-not-referrer',
  },
  {
    name: 'investor-is-not-referrer: spacing and full-width differences',
    given: [],
    when: registerLead({ investor: 'Huafang Group', referrer: { referrerId: 'r-hf', name: 'ＨＵＡＦＡＮＧ  group', kind: 'organization' } }),
    refused: 'investor-is-not-referrer',
  },
  {
    name: 'investor-is-not-referrer: assigned later',
    given: L,
    when: assignReferrer('2024-02-01', { referrerId: 'r-hf', name: ' 華芳 集團 ', kind: 'organization' }),
    ctx: assessor,
    refused: 'investor-is-not-referrer',
  },
  { name: 'void-target: no such event', given: [...S, funded('2024-03-05')], when: voidFact(99, '2024-03-05'), refused: 'void-target' },
  { name: 'void-target: a stage event', given: G, when: voidFact(2, '2024-04-02'), refused: 'void-target' },
  { name: 'void-target: the lead', given: S, when: voidFact(0, '2024-04-02'), refused: 'void-target' },
  {
    name: 'void-target: a void',
    given: [...S, funded('2024-03-05'), voided(2, '2024-03-06', 'FundingArrived')],
    when: voidFact(3, '2024-03-07'),
    refused: 'void-target',
  },
  { name: 'void-once', given: [...S, funded('2024-03-05'), voided(2, '2024-03-06', 'FundingArrived')], when: voidFact(2, '2024-03-07'), refused: 'void-once' },
  {
    name: 'void-once after abandonment',
    given: [...S, funded('2024-03-05'), voided(2, '2024-03-06', 'FundingArrived'), abandoned('2024-06-30')],
    when: voidFact(2, '2024-07-07'),
    refused: 'void-once',
  },
  { name: 'abandon-before-production', given: P, when: abandon('2025-06-30'), refused: 'abandon-before-production' },
  { name: 'distinct-by-assessor', given: [], when: registerLead({ distinctFrom: 'p-huafang-phase1' }), ctx: recorder, refused: 'distinct-by-assessor' },
  // positive-amount
  { name: 'positive-amount: zero planned investment', given: [], when: registerLead({ plannedInvestment: cnyIn('0.00') }), refused: 'positive-amount' },
  { name: 'positive-amount: negative committed investment', given: L, when: sign('2024-02-01', 'contract', cnyIn('-1.00')), refused: 'positive-amount' },
  { name: 'positive-amount: zero funding', given: S, when: fund('2024-03-01', cnyIn('0')), refused: 'positive-amount' },
  { name: 'positive-amount: zero tax', given: P, when: recordTax('2025-02-01', '2025-01', cnyIn('0.00')), refused: 'positive-amount' },
  { name: 'positive-amount: a negative verified part', given: G, when: verify('2024-06-01', cnyIn('-0.01')), ctx: assessor, refused: 'positive-amount' },
  // cny-rate
  {
    name: 'cny-rate: USD funding without a rate (金魚來保鮮設備)',
    given: S,
    when: fund('2024-03-01', { amount: '500000.00', currency: 'USD' }),
    refused: 'cny-rate',
  },
  { name: 'cny-rate: a zero rate', given: S, when: fund('2024-03-01', { amount: '500000.00', currency: 'USD', cnyRate: '0' }), refused: 'cny-rate' },
  {
    name: 'cny-rate: a rate that is not a decimal',
    given: S,
    when: fund('2024-03-01', { amount: '500000.00', currency: 'USD', cnyRate: '7,12' }),
    refused: 'cny-rate',
  },
  {
    name: 'cny-rate: a CNY amount with a rate',
    given: S,
    when: fund('2024-03-01', { amount: '500000.00', currency: 'CNY', cnyRate: '7.1' }),
    refused: 'cny-rate',
  },
  {
    name: 'cny-rate: KRW planned investment without a rate (參天堂)',
    given: [],
    when: registerLead({ plannedInvestment: { amount: '5000000000', currency: 'KRW' } }),
    refused: 'cny-rate',
  },
  {
    name: 'cny-rate: CNY tax with a rate',
    given: P,
    when: recordTax('2025-02-01', '2025-01', { amount: '100.00', currency: 'CNY', cnyRate: '1.01' }),
    refused: 'cny-rate',
  },
  // amount-bound (the HTTP door refuses these with 400; the domain holds the bound for every other caller)
  { name: 'amount-bound: funding above 10^12', given: S, when: fund('2024-03-01', cnyIn('1000000000000.01')), refused: 'amount-bound' },
  {
    name: 'amount-bound: a foreign funding whose CNY value is above 10^12',
    given: S,
    when: fund('2024-03-01', { amount: '200000000000.00', currency: 'USD', cnyRate: '7.1234' }),
    refused: 'amount-bound',
  },
];

// no-future-dates: every dated command, one day after today
const TOMORROW = '2026-03-16';
const future: RefusedCase[] = [
  { name: 'lead', given: [], when: registerLead({ leadOn: TOMORROW }) },
  { name: 'signing', given: L, when: sign(TOMORROW) },
  { name: 'contract after an intent', given: [...L, signed('2024-03-01', 'intent')], when: sign(TOMORROW) },
  { name: 'funding', given: S, when: fund(TOMORROW) },
  { name: 'groundbreaking', given: S, when: breakGround(TOMORROW) },
  { name: 'completion', given: G, when: complete(TOMORROW) },
  { name: 'production', given: C, when: startProduction(TOMORROW) },
  { name: 'tax', given: P, when: recordTax(TOMORROW, '2026-02') },
  { name: 'verification', given: G, when: verify(TOMORROW), ctx: assessor },
  { name: 'credit reassignment', given: L, when: reassign('unit-qingyun', TOMORROW), ctx: assessor },
  { name: 'referrer assignment', given: L, when: assignReferrer(TOMORROW), ctx: assessor },
  { name: 'void', given: [...S, funded('2024-03-05')], when: voidFact(2, TOMORROW) },
  { name: 'abandonment', given: S, when: abandon(TOMORROW) },
  { name: 'a lead next year (year-end today)', given: [], when: registerLead({ leadOn: '2026-01-01' }), ctx: { ...recorder, today: '2025-12-31' } },
].map((c) => ({ ...c, name: `no-future-dates: ${c.name}`, refused: 'no-future-dates' }));

// dates-follow-the-life: a later stage dated before an earlier one; repeated facts before their stage
const DAY_BEFORE_LEAD = '2024-01-09';
const backwards: RefusedCase[] = [
  { name: 'signing before the lead', given: L, when: sign(DAY_BEFORE_LEAD) },
  { name: 'a contract before its intent', given: [...L, signed('2024-03-01', 'intent')], when: sign('2024-02-29') },
  { name: 'funding before signing (leap day signing, 28 Feb funding)', given: S, when: fund('2024-02-28') },
  { name: 'funding before the intent', given: [...L, signed('2024-03-01', 'intent'), signed('2024-04-01')], when: fund('2024-02-29') },
  // A contract after an intent is a stage of its own: stage dates never go backwards in the stream.
  {
    name: 'a contract recorded after a groundbreaking, dated before it',
    given: [...L, signed('2024-03-01', 'intent'), brokeGround('2024-05-01')],
    when: sign('2024-04-01'),
  },
  {
    name: 'a contract recorded after completion, dated before it',
    given: [...L, signed('2024-03-01', 'intent'), brokeGround('2024-05-01'), completed('2024-09-30')],
    when: sign('2024-09-29'),
  },
  {
    name: 'a groundbreaking dated before the contract that followed an intent',
    given: [...L, signed('2024-03-01', 'intent'), signed('2024-06-01')],
    when: breakGround('2024-05-31'),
  },
  {
    name: 'abandonment dated before the contract that followed an intent',
    given: [...L, signed('2024-03-01', 'intent'), signed('2024-06-01')],
    when: abandon('2024-04-01'),
  },
  {
    name: 'completion dated before a contract recorded after the groundbreaking',
    given: [...L, signed('2024-03-01', 'intent'), brokeGround('2024-05-01'), signed('2024-07-01')],
    when: complete('2024-06-30'),
  },
  { name: 'groundbreaking before signing', given: S, when: breakGround('2024-02-28') },
  { name: 'completion before groundbreaking', given: G, when: complete('2024-03-31') },
  { name: 'production before completion (31 Dec vs 1 Jan)', given: [...G, completed('2025-01-01')], when: startProduction('2024-12-31') },
  { name: 'tax before production', given: P, when: recordTax('2024-12-31', '2024-12') },
  { name: 'verification before groundbreaking', given: G, when: verify('2024-03-31'), ctx: assessor },
  { name: 'credit reassigned before the lead', given: L, when: reassign('unit-qingyun', DAY_BEFORE_LEAD), ctx: assessor },
  { name: 'referrer assigned before the lead', given: L, when: assignReferrer(DAY_BEFORE_LEAD), ctx: assessor },
  { name: 'a void before its funding', given: [...S, funded('2024-03-05')], when: voidFact(2, '2024-03-04') },
  { name: 'a void before its tax payment, across the year end', given: [...P, taxed('2026-01-01', '500.00', '2025-12')], when: voidFact(5, '2025-12-31') },
  { name: 'a void after abandonment, before its fact', given: [...S, funded('2024-03-05'), abandoned('2024-06-30')], when: voidFact(2, '2024-03-04') },
  { name: 'abandonment before the lead', given: L, when: abandon(DAY_BEFORE_LEAD) },
  { name: 'abandonment before groundbreaking', given: G, when: abandon('2024-03-31') },
  { name: 'abandonment before completion', given: C, when: abandon('2024-12-30') },
].map((c) => ({ ...c, name: `dates-follow-the-life: ${c.name}`, refused: 'dates-follow-the-life' }));

describe('decide: refused transitions', () => {
  it.each(refused)('$name', ({ given: events, when, ctx, refused: rule }) => given(events).when(when, ctx).thenRefused(rule));
  it.each(future)('$name', ({ given: events, when, ctx, refused: rule }) => given(events).when(when, ctx).thenRefused(rule));
  it.each(backwards)('$name', ({ given: events, when, ctx, refused: rule }) => given(events).when(when, ctx).thenRefused(rule));

  it('covers every rule decide.ts and moneyFact can return', () => {
    const source = ['./decide.ts', './money-fact.ts', '../../kernel/errors.ts'].map((f) => readFileSync(new URL(f, import.meta.url), 'utf8')).join('\n');
    const rules = new Set([...source.matchAll(/(?:refuse|RuleViolation)\('([a-z-]+)'/g)].map((m) => m[1]));
    expect(rules.size).toBeGreaterThanOrEqual(26);
    const covered = new Set([...refused, ...future, ...backwards].map((c) => c.refused));
    expect([...rules].filter((r) => !covered.has(r))).toEqual([]);
  });

  it('a refusal beats an allowed-looking date: the first failing rule wins (future and backwards)', () => {
    // signing-order is checked before the dates; a future date before the lead reports the future first
    given(S).when(sign(TOMORROW, 'intent')).thenRefused('signing-order');
    given(L).when(sign('2030-01-01')).thenRefused('no-future-dates');
  });
});

// ---------------------------------------------------------------------------------------------
// Money: foreign currency at a rate, half-up to the fen
// ---------------------------------------------------------------------------------------------

describe('decide: money facts', () => {
  it.each([
    // 金魚來保鮮設備: part arrived in 萬美元, at the 2003 rate
    ['USD 35萬 at 8.2770', { amount: '350000.00', currency: 'USD', cnyRate: '8.2770' }, '2896950.00'],
    ['USD, rounded up (1021.79565)', { amount: '123.45', currency: 'USD', cnyRate: '8.277' }, '1021.80'],
    ['JPY (879012.2736 rounds down)', { amount: '12345678', currency: 'JPY', cnyRate: '0.0712' }, '879012.27'],
    ['JPY, exactly half a fen rounds up (0.065)', { amount: '1.00', currency: 'JPY', cnyRate: '0.065' }, '0.07'],
    // 參天堂 invests in KRW
    ['KRW 50億 at 0.0061', { amount: '5000000000', currency: 'KRW', cnyRate: '0.0061' }, '30500000.00'],
    ['KRW (6981.476385)', { amount: '1234567', currency: 'KRW', cnyRate: '0.005655' }, '6981.48'],
    // 奧伸電解鋁: a Hong Kong investor
    ['HKD, exactly half rounds up (0.085)', { amount: '0.08', currency: 'HKD', cnyRate: '1.0625' }, '0.09'],
    ['HKD (10.635625)', { amount: '10.01', currency: 'HKD', cnyRate: '1.0625' }, '10.64'],
  ])('funding in %s → CNY %s', (_name, amount: MoneyInput, expectedCny: string) => {
    const normalisedAmount = amount.amount.includes('.') ? amount.amount : `${amount.amount}.00`;
    given(S)
      .when(fund('2024-03-05', amount))
      .then([
        {
          type: 'FundingArrived',
          data: {
            amount: { amount: normalisedAmount, currency: amount.currency, cnyRate: amount.cnyRate, cny: expectedCny },
            bankReference: 'BOC-XJ-0001',
            arrivedOn: '2024-03-05',
          },
        },
      ]);
  });

  it('normalises CNY amounts to two fraction digits and accepts a rate of exactly 1', () => {
    given(S)
      .when(fund('2024-03-05', cnyIn('50000000')))
      .then([funded('2024-03-05', '50000000.00')]);
    given(S)
      .when(fund('2024-03-05', { amount: '12.5', currency: 'CNY', cnyRate: '1' }))
      .then([funded('2024-03-05', '12.50')]);
  });

  it('freezes a USD planned investment (金魚來保鮮設備, total in 億美元)', () => {
    const planned = { amount: '120000000.00', currency: 'USD', cnyRate: '8.2770' };
    given([])
      .when(registerLead({ name: '金魚來保鮮設備項目', investor: '金魚來', origin: 'foreign', plannedInvestment: planned }))
      .then([lead({ name: '金魚來保鮮設備項目', investor: '金魚來', origin: 'foreign', plannedInvestment: { ...planned, cny: '993240000.00' } })]);
  });

  it('signs in KRW (參天堂) with the CNY value frozen', () => {
    given(L)
      .when(sign('2024-03-01', 'contract', { amount: '8000000000', currency: 'KRW', cnyRate: '0.005655' }))
      .then([
        {
          type: 'ProjectSigned',
          data: {
            kind: 'contract',
            committedInvestment: { amount: '8000000000.00', currency: 'KRW', cnyRate: '0.005655', cny: '45240000.00' },
            signedOn: '2024-03-01',
          },
        },
      ]);
  });

  it('sums the verified parts exactly (no floating point)', () => {
    const decision = given(G).when(verify('2024-06-01', cnyIn('0.10'), cnyIn('0.20'), cnyIn('0.01'))).decision;
    if (decision instanceof RuleViolation) throw decision;
    expect(decision[0]).toMatchObject({
      type: 'FixedAssetsVerified',
      data: { plant: cny('0.10'), equipment: cny('0.20'), land: cny('0.01'), total: cny('0.31') },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Whole lives
// ---------------------------------------------------------------------------------------------

describe('decide: whole lives, command by command', () => {
  function run(commands: [ProjectCommand, Ctx?][]): ProjectEvent[] {
    const events: ProjectEvent[] = [];
    for (const [command, ctx = recorder] of commands) {
      const decision = given(events).when(command, ctx).decision;
      if (decision instanceof RuleViolation) throw new Error(`${command.type} refused: ${decision.rule}`);
      events.push(...decision);
    }
    return events;
  }

  it('華芳集團 from lead to tax, every stage on the same day as the one before', () => {
    const day = '2024-02-29';
    const events = run([
      [registerLead({ leadOn: day })],
      [sign(day)],
      [fund(day)],
      [breakGround(day)],
      [verify(day), assessor],
      [complete(day)],
      [startProduction(day)],
      [recordTax(day)],
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'LeadRegistered',
      'ProjectSigned',
      'FundingArrived',
      'GroundBroken',
      'FixedAssetsVerified',
      'ProjectCompleted',
      'ProductionStarted',
      'TaxPaid',
    ]);
    expect(fold(events)).toMatchObject({ stage: 'in_production', lastEventOn: day });
  });

  it('韓國西傑集團 lysine: intent, then a contract replaces the committed amount, then abandonment and a void', () => {
    const events = run([
      [
        registerLead({
          name: '賴氨酸項目',
          investor: '韓國西傑集團',
          origin: 'foreign',
          sector: 'secondary',
          unitId: 'unit-liaocheng-dev',
          leadOn: '2024-11-01',
        }),
      ],
      [sign('2024-12-31', 'intent', { amount: '30000000.00', currency: 'USD', cnyRate: '7.1884' })],
      [sign('2025-01-01', 'contract', { amount: '45000000.00', currency: 'USD', cnyRate: '7.1879' })],
      [fund('2025-02-01', { amount: '1000000.00', currency: 'USD', cnyRate: '7.1700' })],
      [abandon('2025-06-30')],
      [voidFact(3, '2025-07-01')],
    ]);
    const p = fold(events);
    expect(p).toMatchObject({
      stage: 'abandoned',
      signingKind: 'contract',
      committedInvestment: { amount: '45000000.00', currency: 'USD', cnyRate: '7.1879', cny: '323455500.00' },
      dates: { signedOn: '2024-12-31', abandonedOn: '2025-06-30' },
      facts: [{ eventId: 'ev-3', type: 'FundingArrived', cny: '7170000.00', reference: 'BOC-XJ-0001', voided: true }],
    });
    given(events).when(sign('2025-08-01')).thenRefused('abandoned-is-final');
  });
});
