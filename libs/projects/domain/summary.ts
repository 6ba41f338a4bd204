/**
 * A project as readers see it: the folded state without its fact list, with the live (not voided)
 * total of each kind of fact. Readers (the project view, lists, the 台账, referrers, imports) need
 * only the totals; a busy project's facts run into hundreds, so a read model that kept them in the
 * state would rewrite all of them on every write. The facts themselves go one row each beside it.
 */
import { fromFen, toFen, type Fen } from '../../kernel/index.js';
import { VOIDABLE_TYPES, type ProjectEvent, type VoidableType } from './events.js';
import { evolve, liveTotalFen, type EventEnvelope } from './evolve.js';
import type { CountedFact, Project } from './state.js';

export interface ProjectSummary extends Omit<Project, 'facts'> {
  /** CNY total of the live facts of each kind, in yuan with two decimals. */
  live: Record<VoidableType, string>;
}

/** What a summary's fold keeps of a fact: enough to void it later and to judge who may. */
export interface SummaryFact {
  eventId: string;
  type: VoidableType;
  cny: string;
  /** The unit credited when the fact was recorded. */
  unitId: string;
  voided: boolean;
}

export function summarize(project: Project): ProjectSummary {
  const { facts: _facts, ...rest } = project;
  const live = Object.fromEntries(VOIDABLE_TYPES.map((type) => [type, fromFen(liveTotalFen(project, type))])) as ProjectSummary['live'];
  return { ...rest, live };
}

export interface SummaryFold {
  summary: ProjectSummary | null;
  /** Facts the events recorded, in order (voided already when a later event of the same fold voids them). */
  recorded: SummaryFact[];
  /** Event ids of earlier facts (from `earlier`) that the events voided. */
  voided: string[];
}

/**
 * Folds one project's `events` onto `summary` with the domain's own `evolve`, so that
 * `summarize(fold(all events))` is what folding the summary batch by batch gives. `earlier` finds a
 * fact recorded before this fold (a void names it by event id).
 */
export function foldSummary(
  summary: ProjectSummary | null,
  events: readonly (ProjectEvent & EventEnvelope)[],
  earlier: (eventId: string) => SummaryFact | undefined,
): SummaryFold {
  const live = new Map<VoidableType, Fen>(VOIDABLE_TYPES.map((type) => [type, summary ? toFen(summary.live[type]) : 0n]));
  const recorded = new Map<string, SummaryFact>();
  const voided = new Set<string>();
  let state: Project | null = summary && { ...withoutLive(summary), facts: [] };
  for (const event of events) {
    if (event.type === 'FactVoided' && state !== null) {
      const id = event.data.voidedEventId;
      const fact = recorded.get(id) ?? earlier(id);
      if (fact && !fact.voided && !voided.has(id)) {
        live.set(fact.type, live.get(fact.type)! - toFen(fact.cny));
        if (recorded.has(id)) fact.voided = true;
        else voided.add(id);
      }
    }
    state = evolve(state, event, event);
    // The state's fact list holds only this event's fact: it is moved out at once.
    if (state !== null && state.facts.length > 0) {
      for (const fact of state.facts) {
        recorded.set(fact.eventId, summaryFact(fact));
        live.set(fact.type, live.get(fact.type)! + toFen(fact.cny));
      }
      state = { ...state, facts: [] };
    }
  }
  if (state === null) return { summary: null, recorded: [], voided: [] };
  const { facts: _facts, ...rest } = state;
  return {
    summary: { ...rest, live: Object.fromEntries([...live].map(([type, fen]) => [type, fromFen(fen)])) as ProjectSummary['live'] },
    recorded: [...recorded.values()],
    voided: [...voided],
  };
}

function withoutLive(summary: ProjectSummary): Omit<ProjectSummary, 'live'> {
  const { live: _live, ...rest } = summary;
  return rest;
}

function summaryFact(fact: CountedFact): SummaryFact {
  return { eventId: fact.eventId, type: fact.type, cny: fact.cny, unitId: fact.unitId, voided: fact.voided };
}
