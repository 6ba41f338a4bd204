/**
 * A project as the ledger knew it: its events (already cut at an instant by the caller) folded with the
 * projects' own evolve, and a timeline an auditor can read line by line.
 */
import type { StoredEvent } from '../../event-store/port.js';
import { evolve, isProjectEvent, type MoneyFact, type ProjectEvent, type ProjectState, type Referrer, type VoidableType } from '../../projects/domain/index.js';
import { checkStream, type BrokenEvent } from './ledger-check.js';

export interface TimelineEntry {
  revision: number;
  globalPosition: number;
  eventId: string;
  occurredOn: string;
  recordedAt: string;
  actor: string;
  role: string;
  type: string;
  summary: string;
  /** Revision of the void that struck this fact, if that void is part of the history. */
  voidedAt: number | null;
}

export interface ProjectHistory {
  state: ProjectState;
  timeline: TimelineEntry[];
  /** The first event of this stream whose seal or chain does not hold; null when all hold. */
  firstBroken: BrokenEvent | null;
}

const FACT_NAMES: Record<VoidableType, string> = {
  FundingArrived: 'funding arrival',
  TaxPaid: 'tax payment',
  FixedAssetsVerified: 'fixed-asset verification',
};

function money(fact: MoneyFact): string {
  return fact.currency === 'CNY' ? `${fact.amount} CNY` : `${fact.amount} ${fact.currency} at ${fact.cnyRate} = ${fact.cny} CNY`;
}

function referrer(r: Referrer): string {
  return `${r.name} (${r.kind} ${r.referrerId})`;
}

/** A plain-words line; `revisionOf` names voided facts by their revision rather than a bare event id. */
function summarize(event: ProjectEvent, revisionOf: (eventId: string) => number | undefined): string {
  switch (event.type) {
    case 'LeadRegistered': {
      const d = event.data;
      const park = d.parkId ? `, park ${d.parkId}` : '';
      const by = d.referrer ? `, referred by ${referrer(d.referrer)}` : ', no referrer';
      return `lead "${d.name}" from ${d.investor} (${d.origin}, ${d.sector}), planned ${money(d.plannedInvestment)}, credited to ${d.unitId}${park}${by}`;
    }
    case 'ProjectSigned':
      return `${event.data.kind === 'intent' ? 'intent' : 'contract'} signed, committing ${money(event.data.committedInvestment)}`;
    case 'FundingArrived':
      return `funding of ${money(event.data.amount)} arrived (bank reference ${event.data.bankReference})`;
    case 'GroundBroken':
      return 'ground broken';
    case 'ProjectCompleted':
      return 'works completed';
    case 'ProductionStarted':
      return 'production started';
    case 'TaxPaid':
      return `tax of ${money(event.data.amount)} paid for ${event.data.taxMonth} (reference ${event.data.paymentReference})`;
    case 'FixedAssetsVerified': {
      const d = event.data;
      return `fixed assets verified by ${d.inspector}: plant ${money(d.plant)}, equipment ${money(d.equipment)}, land ${money(d.land)}, total ${money(d.total)}`;
    }
    case 'CreditReassigned':
      return `credit moved from ${event.data.fromUnitId} to ${event.data.unitId}: ${event.data.reason}`;
    case 'ReferrerAssigned':
      return `referrer ${referrer(event.data.referrer)} assigned`;
    case 'FactVoided': {
      const d = event.data;
      const revision = revisionOf(d.voidedEventId);
      const which = revision === undefined ? `event ${d.voidedEventId}` : `revision ${revision}`;
      return `voided the ${FACT_NAMES[d.voidedType]} at ${which}: ${d.reason}`;
    }
    case 'ProjectAbandoned':
      return `abandoned: ${event.data.reason}`;
  }
}

/** Folds a project stream (as read up to some instant) into its state and timeline. */
export function projectHistory(events: readonly StoredEvent[]): ProjectHistory {
  const revisions = new Map(events.map((e) => [e.eventId, e.revision]));
  const voidedAt = new Map<string, number>();
  let state: ProjectState = null;
  const entries = events.map((event) => {
    let summary = `an event this build does not know (${event.type})`;
    if (isProjectEvent(event)) {
      state = evolve(state, event, event);
      summary = summarize(event, (id) => revisions.get(id));
      if (event.type === 'FactVoided') voidedAt.set(event.data.voidedEventId, event.revision);
    }
    const { revision, globalPosition, eventId, occurredOn, recordedAt, actor, role, type } = event;
    return { revision, globalPosition, eventId, occurredOn, recordedAt, actor, role, type, summary };
  });
  const timeline = entries.map((entry) => ({ ...entry, voidedAt: voidedAt.get(entry.eventId) ?? null }));
  return { state, timeline, firstBroken: checkStream(events) };
}

/** One line per event: revision, business date, recorded-at, who, type and what happened. */
export function formatTimeline(timeline: readonly TimelineEntry[]): string[] {
  const typeWidth = Math.max(0, ...timeline.map((e) => e.type.length));
  return timeline.map((e) => {
    const voided = e.voidedAt === null ? '' : `  [voided at r${e.voidedAt}]`;
    return `r${e.revision}  ${e.occurredOn}  recorded ${e.recordedAt}  ${e.actor} (${e.role})  ${e.type.padEnd(typeWidth)}  ${e.summary}${voided}`;
  });
}
