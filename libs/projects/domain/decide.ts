/**
 * The project decider: decide(command, state, today) → events | RuleViolation, one small function per command.
 * Pure: the day ("today") comes in as an argument; a lead's new project id and the role registering it come in on
 * the RegisterLead command (the shell fills them in).
 */
import { Conflict, RuleViolation, fromFen, isMonth, notFuture, toFen, type Decision } from '../../kernel/index.js';
import type { ProjectCommand } from './commands.js';
import type { MoneyFact, ProjectEvent } from './events.js';
import { creditCodeProblem, enterpriseKey } from './enterprise.js';
import { moneyFact } from './money-fact.js';
import { liveFactWithSlip } from './slip-index.js';
import { slipKey } from './slip.js';
import type { Project, ProjectState } from './state.js';

type Refusal = RuleViolation;
type Cmd<T extends ProjectCommand['type']> = Extract<ProjectCommand, { type: T }>;
const refuse = (rule: string, message: string): Refusal => new RuleViolation(rule, message);

function notBefore(date: string, field: string, earliest: string | null, what: string): Refusal | null {
  return earliest !== null && date < earliest ? refuse('dates-follow-the-life', `${field} ${date} is before ${what} (${earliest})`) : null;
}

/**
 * The latest stage date so far (lead, every signing — a contract after an intent included —,
 * groundbreaking, completion, production): a later stage may not be dated before it, so stage dates
 * never go backwards in the stream's order.
 */
function lastStageDate(p: Project): string {
  return p.lastStageOn;
}

/** The investor cannot be its own referrer: names compared as enterprises are (script, width, case, format characters, suffixes). */
function sameParty(a: string, b: string): boolean {
  return enterpriseKey(a) === enterpriseKey(b);
}

/**
 * One slip is counted once (DOMAIN.md): a funding's bank reference or a tax payment's payment
 * reference equal to that of a live fact of the same type on the project is a conflict (409) naming
 * the earlier event. Thrown, not returned: it is not a rule refusal (422) but a duplicate; checked
 * after every rule, so a slip that breaks a rule is refused by that rule first.
 */
function refuseSecondSlip(p: Project, type: 'FundingArrived' | 'TaxPaid', reference: string): void {
  const key = slipKey(reference);
  const earlier = liveFactWithSlip(p, type, key);
  if (!earlier) return;
  const what = type === 'FundingArrived' ? '银行流水号' : '缴款凭证号';
  throw new Conflict(`${what} ${reference} 已由本项目的 ${earlier.eventId}（${earlier.on}）记录，同一凭证只计一次`, {
    rule: 'one-slip-once',
    eventId: earlier.eventId,
    reference,
  });
}

function first<T>(...checks: (T | null)[]): T | null {
  return checks.find((c) => c !== null) ?? null;
}

export function decide(command: ProjectCommand, state: ProjectState, today: string): Decision<ProjectEvent> {
  if (command.type === 'RegisterLead') return registerLead(command, state, today);
  if (state === null) return refuse('lead-first', 'a project starts with its lead; this project has none');
  if (state.stage === 'abandoned' && command.type !== 'VoidFact') {
    return refuse('abandoned-is-final', `the project was abandoned on ${state.dates.abandonedOn}; only voids may follow`);
  }
  switch (command.type) {
    case 'Sign':
      return sign(command, state, today);
    case 'RecordFunding':
      return recordFunding(command, state, today);
    case 'BreakGround':
      return breakGround(command, state, today);
    case 'Complete':
      return complete(command, state, today);
    case 'StartProduction':
      return startProduction(command, state, today);
    case 'RecordTax':
      return recordTax(command, state, today);
    case 'VerifyFixedAssets':
      return verifyFixedAssets(command, state, today);
    case 'ReassignCredit':
      return reassignCredit(command, state, today);
    case 'AssignReferrer':
      return assignReferrer(command, state, today);
    case 'VoidFact':
      return voidFact(command, state, today);
    case 'Abandon':
      return abandon(command, state, today);
  }
}

function registerLead(c: Cmd<'RegisterLead'>, state: ProjectState, today: string): Decision<ProjectEvent> {
  if (state !== null) return refuse('lead-first', 'the project already has its lead');
  const planned = moneyFact(c.plannedInvestment, 'plannedInvestment');
  if (planned instanceof RuleViolation) return planned;
  const problem = first(
    notFuture(c.leadOn, 'leadOn', today),
    c.creditCode !== undefined && creditCodeProblem(c.creditCode) !== null ? refuse('credit-code', creditCodeProblem(c.creditCode)!) : null,
    c.referrer && sameParty(c.referrer.name, c.investor) ? refuse('investor-is-not-referrer', 'the investor cannot be its own referrer') : null,
    c.distinctFrom !== undefined && c.registeredBy !== 'assessor'
      ? refuse('distinct-by-assessor', 'only an assessor may mark a lead as distinct from a live project')
      : null,
  );
  if (problem) return problem;
  const { projectId, name, investor, origin, sector, unitId, leadOn } = c;
  const data = {
    projectId,
    name,
    investor,
    ...(c.creditCode !== undefined ? { creditCode: c.creditCode } : {}),
    origin,
    sector,
    plannedInvestment: planned,
    unitId,
    parkId: c.parkId ?? null,
    referrer: c.referrer ?? null,
    leadOn,
  };
  return [{ type: 'LeadRegistered', data: { ...data, distinctFrom: c.distinctFrom ?? null } }];
}

function sign(c: Cmd<'Sign'>, p: Project, today: string): Decision<ProjectEvent> {
  const again = p.signingKind !== null;
  if (again && !(p.signingKind === 'intent' && c.kind === 'contract')) {
    return refuse('signing-order', `a ${c.kind} cannot follow a ${p.signingKind}; only a contract may follow an intent`);
  }
  const committed = moneyFact(c.committedInvestment, 'committedInvestment');
  if (committed instanceof RuleViolation) return committed;
  // A contract after an intent is a stage of its own: dated on or after every stage recorded before it
  // (the intent, and a groundbreaking, completion or production recorded in between).
  const problem = first(
    notFuture(c.signedOn, 'signedOn', today),
    notBefore(c.signedOn, 'signedOn', lastStageDate(p), again ? 'an earlier stage (the intent or a later one)' : 'the lead'),
  );
  return problem ?? [{ type: 'ProjectSigned', data: { kind: c.kind, committedInvestment: committed, signedOn: c.signedOn } }];
}

function recordFunding(c: Cmd<'RecordFunding'>, p: Project, today: string): Decision<ProjectEvent> {
  const d = p.dates;
  if (d.signedOn === null) return refuse('funding-after-signing', 'funding can arrive only after signing');
  const amount = moneyFact(c.amount, 'amount');
  if (amount instanceof RuleViolation) return amount;
  const problem = first(notFuture(c.arrivedOn, 'arrivedOn', today), notBefore(c.arrivedOn, 'arrivedOn', d.signedOn, 'the signing'));
  if (problem) return problem;
  refuseSecondSlip(p, 'FundingArrived', c.bankReference);
  return [{ type: 'FundingArrived', data: { amount, bankReference: c.bankReference, arrivedOn: c.arrivedOn } }];
}

/** A stage recorded once, after the one it needs, dated on or after every earlier stage and not in the future. */
function stage(p: Project, today: string, on: { field: string; date: string }, event: ProjectEvent): Decision<ProjectEvent> {
  return first(notFuture(on.date, on.field, today), notBefore(on.date, on.field, lastStageDate(p), 'an earlier stage')) ?? [event];
}

function breakGround(c: Cmd<'BreakGround'>, p: Project, today: string): Decision<ProjectEvent> {
  const d = p.dates;
  if (d.signedOn === null) return refuse('groundbreaking-after-signing', 'ground can be broken only after signing');
  if (d.brokeGroundOn !== null) return refuse('groundbreaking-once', `ground was already broken on ${d.brokeGroundOn}`);
  return stage(p, today, { field: 'brokeGroundOn', date: c.brokeGroundOn }, { type: 'GroundBroken', data: { brokeGroundOn: c.brokeGroundOn } });
}

function complete(c: Cmd<'Complete'>, p: Project, today: string): Decision<ProjectEvent> {
  const d = p.dates;
  if (d.brokeGroundOn === null) return refuse('completion-after-groundbreaking', 'a project completes only after ground was broken');
  if (d.completedOn !== null) return refuse('completion-once', `the project was already completed on ${d.completedOn}`);
  return stage(p, today, { field: 'completedOn', date: c.completedOn }, { type: 'ProjectCompleted', data: { completedOn: c.completedOn } });
}

function startProduction(c: Cmd<'StartProduction'>, p: Project, today: string): Decision<ProjectEvent> {
  const d = p.dates;
  if (d.completedOn === null) return refuse('production-after-completion', 'production starts only after completion');
  if (d.productionStartedOn !== null) return refuse('production-once', `production already started on ${d.productionStartedOn}`);
  return stage(p, today, { field: 'startedOn', date: c.startedOn }, { type: 'ProductionStarted', data: { startedOn: c.startedOn } });
}

function recordTax(c: Cmd<'RecordTax'>, p: Project, today: string): Decision<ProjectEvent> {
  const d = p.dates;
  if (d.productionStartedOn === null) return refuse('tax-after-production', 'tax is recorded only after production started');
  if (c.amount.currency !== 'CNY') return refuse('tax-in-cny', 'tax is paid in CNY');
  const amount = moneyFact(c.amount, 'amount');
  if (amount instanceof RuleViolation) return amount;
  const problem = first(
    notFuture(c.paidOn, 'paidOn', today),
    notBefore(c.paidOn, 'paidOn', d.productionStartedOn, 'the start of production'),
    !isMonth(c.taxMonth) || c.taxMonth > c.paidOn.slice(0, 7)
      ? refuse('tax-month', `taxMonth ${c.taxMonth} must be a month on or before the payment's month`)
      : null,
  );
  if (problem) return problem;
  refuseSecondSlip(p, 'TaxPaid', c.paymentReference);
  return [{ type: 'TaxPaid', data: { amount, taxMonth: c.taxMonth, paymentReference: c.paymentReference, paidOn: c.paidOn } }];
}

function verifyFixedAssets(c: Cmd<'VerifyFixedAssets'>, p: Project, today: string): Decision<ProjectEvent> {
  const d = p.dates;
  if (d.brokeGroundOn === null) return refuse('verification-after-groundbreaking', 'fixed assets are verified only after ground was broken');
  const parts = [
    moneyFact(c.plant, 'plant', { allowZero: true }),
    moneyFact(c.equipment, 'equipment', { allowZero: true }),
    moneyFact(c.land, 'land', { allowZero: true }),
  ];
  const bad = parts.find((x) => x instanceof RuleViolation);
  if (bad instanceof RuleViolation) return bad;
  if (parts.some((x) => !(x instanceof RuleViolation) && x.currency !== 'CNY')) return refuse('verification-in-cny', 'verified fixed assets are stated in CNY');
  const [plant, equipment, land] = parts as MoneyFact[];
  const sum = fromFen(toFen(plant.cny) + toFen(equipment.cny) + toFen(land.cny));
  const total: MoneyFact = { amount: sum, currency: 'CNY', cny: sum };
  const problem = first(notFuture(c.inspectedOn, 'inspectedOn', today), notBefore(c.inspectedOn, 'inspectedOn', d.brokeGroundOn, 'the groundbreaking'));
  return problem ?? [{ type: 'FixedAssetsVerified', data: { plant, equipment, land, total, inspectedOn: c.inspectedOn, inspector: c.inspector } }];
}

function reassignCredit(c: Cmd<'ReassignCredit'>, p: Project, today: string): Decision<ProjectEvent> {
  if (c.unitId === p.unitId) return refuse('credit-changes-unit', `the project is already credited to ${p.unitId}`);
  const problem = first(notFuture(c.on, 'on', today), notBefore(c.on, 'on', p.dates.leadOn, 'the lead'));
  return problem ?? [{ type: 'CreditReassigned', data: { fromUnitId: p.unitId, unitId: c.unitId, reason: c.reason, on: c.on } }];
}

function assignReferrer(c: Cmd<'AssignReferrer'>, p: Project, today: string): Decision<ProjectEvent> {
  if (p.referrer !== null) return refuse('first-referrer', `the project already has its referrer ${p.referrer.referrerId}`);
  if (sameParty(c.referrer.name, p.investor)) return refuse('investor-is-not-referrer', 'the investor cannot be its own referrer');
  const problem = first(notFuture(c.assignedOn, 'assignedOn', today), notBefore(c.assignedOn, 'assignedOn', p.dates.leadOn, 'the lead'));
  return problem ?? [{ type: 'ReferrerAssigned', data: { referrer: c.referrer, assignedOn: c.assignedOn } }];
}

function voidFact(c: Cmd<'VoidFact'>, p: Project, today: string): Decision<ProjectEvent> {
  const fact = p.facts.find((f) => f.eventId === c.eventId);
  if (!fact) return refuse('void-target', `event ${c.eventId} is not a funding, tax or fixed-asset fact of this project`);
  if (fact.voided) return refuse('void-once', `event ${c.eventId} is already voided`);
  const problem = first(notFuture(c.on, 'on', today), notBefore(c.on, 'on', fact.on, 'the fact it voids'));
  return problem ?? [{ type: 'FactVoided', data: { voidedEventId: c.eventId, voidedType: fact.type, reason: c.reason, on: c.on } }];
}

function abandon(c: Cmd<'Abandon'>, p: Project, today: string): Decision<ProjectEvent> {
  if (p.dates.productionStartedOn !== null) return refuse('abandon-before-production', 'a project in production cannot be abandoned');
  const problem = first(notFuture(c.abandonedOn, 'abandonedOn', today), notBefore(c.abandonedOn, 'abandonedOn', lastStageDate(p), 'an earlier stage'));
  return problem ?? [{ type: 'ProjectAbandoned', data: { reason: c.reason, abandonedOn: c.abandonedOn } }];
}
