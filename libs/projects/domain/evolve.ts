import { fromFen, maxDate, toFen } from '../../kernel/index.js';
import type { ProjectEvent, VoidableType } from './events.js';
import { withFact, withFactsChanged } from './slip-index.js';
import { slipKey } from './slip.js';
import type { CountedFact, Project, ProjectState, Stage } from './state.js';

/** The identity of a stored event that evolve needs: repeated facts are voided by event id. */
export interface EventEnvelope {
  eventId: string;
  revision: number;
}

function counted(project: Project, fact: Omit<CountedFact, 'unitId'>, on: string): Project {
  return { ...project, facts: withFact(project.facts, { ...fact, unitId: project.unitId }), lastEventOn: maxDate(project.lastEventOn, on) };
}

function advance(project: Project, stage: Stage, dates: Partial<Project['dates']>, on: string): Project {
  return {
    ...project,
    stage,
    dates: { ...project.dates, ...dates },
    lastEventOn: maxDate(project.lastEventOn, on),
    lastStageOn: maxDate(project.lastStageOn, on),
  };
}

export function evolve(state: ProjectState, event: ProjectEvent, envelope: EventEnvelope): ProjectState {
  if (event.type === 'LeadRegistered') {
    const d = event.data;
    return {
      projectId: d.projectId,
      name: d.name,
      investor: d.investor,
      creditCode: d.creditCode ?? null,
      origin: d.origin,
      sector: d.sector,
      unitId: d.unitId,
      parkId: d.parkId,
      referrer: d.referrer,
      referrerAttachedOn: d.referrer ? d.leadOn : null,
      plannedInvestment: d.plannedInvestment,
      committedInvestment: null,
      signingKind: null,
      stage: 'lead',
      dates: { leadOn: d.leadOn, signedOn: null, brokeGroundOn: null, completedOn: null, productionStartedOn: null, abandonedOn: null },
      facts: [],
      lastEventOn: d.leadOn,
      lastStageOn: d.leadOn,
      revision: envelope.revision,
    };
  }
  if (state === null) return null;
  const next = apply(state, event, envelope);
  return { ...next, revision: envelope.revision };
}

function apply(p: Project, event: ProjectEvent, envelope: EventEnvelope): Project {
  switch (event.type) {
    case 'LeadRegistered':
      return p;
    case 'ProjectSigned': {
      const d = event.data;
      const signed = { ...p, committedInvestment: d.committedInvestment, signingKind: d.kind };
      // A contract after an intent replaces the amount; the first signing date stays the signing date.
      return p.stage === 'lead'
        ? advance(signed, 'signed', { signedOn: d.signedOn }, d.signedOn)
        : { ...signed, lastEventOn: maxDate(p.lastEventOn, d.signedOn), lastStageOn: maxDate(p.lastStageOn, d.signedOn) };
    }
    case 'FundingArrived':
    case 'TaxPaid':
    case 'FixedAssetsVerified': {
      const c = countedFact(event, envelope);
      return counted(p, c.fact, c.on);
    }
    case 'GroundBroken':
      return advance(p, 'under_construction', { brokeGroundOn: event.data.brokeGroundOn }, event.data.brokeGroundOn);
    case 'ProjectCompleted':
      return advance(p, 'completed', { completedOn: event.data.completedOn }, event.data.completedOn);
    case 'ProductionStarted':
      return advance(p, 'in_production', { productionStartedOn: event.data.startedOn }, event.data.startedOn);
    case 'ProjectAbandoned':
      return { ...p, stage: 'abandoned', dates: { ...p.dates, abandonedOn: event.data.abandonedOn } };
    case 'CreditReassigned':
      return { ...p, unitId: event.data.unitId };
    case 'ReferrerAssigned':
      return { ...p, referrer: event.data.referrer, referrerAttachedOn: event.data.assignedOn };
    case 'FactVoided':
      return { ...p, facts: withFactsChanged(p.facts, (f) => (f.eventId === event.data.voidedEventId ? { ...f, voided: true } : f)) };
  }
}

type CountedEvent = Extract<ProjectEvent, { type: VoidableType }>;

/** The fact a funding, tax payment or verification adds (before its unit is known) and its business date. */
function countedFact(event: CountedEvent, envelope: EventEnvelope): { fact: Omit<CountedFact, 'unitId'>; on: string } {
  switch (event.type) {
    case 'FundingArrived':
      return { fact: fact(envelope, 'FundingArrived', event.data.arrivedOn, event.data.amount.cny, event.data.bankReference), on: event.data.arrivedOn };
    case 'TaxPaid':
      return { fact: fact(envelope, 'TaxPaid', event.data.paidOn, event.data.amount.cny, event.data.paymentReference), on: event.data.paidOn };
    case 'FixedAssetsVerified':
      return { fact: fact(envelope, 'FixedAssetsVerified', event.data.inspectedOn, event.data.total.cny, null), on: event.data.inspectedOn };
  }
}

function fact(envelope: EventEnvelope, type: CountedFact['type'], on: string, cny: string, reference: string | null): Omit<CountedFact, 'unitId'> {
  return { eventId: envelope.eventId, type, on, cny, reference, slip: reference === null ? null : slipKey(reference), voided: false };
}

/** CNY total of the live (not voided) facts of one type, in fen. */
export function liveTotalFen(project: Project, type: CountedFact['type']): bigint {
  return project.facts.filter((f) => f.type === type && !f.voided).reduce((sum, f) => sum + toFen(f.cny), 0n);
}

export function liveTotal(project: Project, type: CountedFact['type']): string {
  return fromFen(liveTotalFen(project, type));
}
