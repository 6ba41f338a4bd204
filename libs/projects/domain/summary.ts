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

/** What a fold recorded: the facts the events added, and the earlier facts they voided. */
export interface FoldedFacts {
  /** Facts the events recorded, in order (voided already when a later event of the same fold voids them). */
  recorded: SummaryFact[];
  /** Event ids of earlier facts (from `earlier`) that the events voided. */
  voided: string[];
}

/**
 * A summary being folded: the state without its facts and the live totals in fen. It belongs to the
 * one fold that opened it (a read model's transaction), which moves it on in place: a project folded
 * in every batch of a long transaction is then not copied and re-parsed for each.
 */
export interface OpenSummary {
  state: Project | null;
  live: Record<VoidableType, Fen>;
}

export function openSummary(summary: ProjectSummary | null): OpenSummary {
  if (summary === null) return { state: null, live: { FundingArrived: 0n, TaxPaid: 0n, FixedAssetsVerified: 0n } };
  const { live, ...rest } = summary;
  return {
    state: { ...rest, facts: [] },
    live: { FundingArrived: toFen(live.FundingArrived), TaxPaid: toFen(live.TaxPaid), FixedAssetsVerified: toFen(live.FixedAssetsVerified) },
  };
}

export function closeSummary({ state, live }: OpenSummary): ProjectSummary | null {
  if (state === null) return null;
  const { facts: _facts, ...rest } = state;
  return {
    ...rest,
    live: { FundingArrived: fromFen(live.FundingArrived), TaxPaid: fromFen(live.TaxPaid), FixedAssetsVerified: fromFen(live.FixedAssetsVerified) },
  };
}

/**
 * Folds one project's `events` onto `open` with the domain's own `evolve`, so that
 * `summarize(fold(all events))` is what folding the summary batch by batch gives. `earlier` finds a
 * fact recorded before this fold (a void names it by event id).
 */
export function foldOn(
  open: OpenSummary,
  events: readonly (ProjectEvent & EventEnvelope)[],
  earlier: (eventId: string) => SummaryFact | undefined,
): FoldedFacts {
  const recorded = new Map<string, SummaryFact>();
  const voided = new Set<string>();
  for (const event of events) {
    if (event.type === 'FactVoided' && open.state !== null) {
      const id = event.data.voidedEventId;
      const fact = recorded.get(id) ?? earlier(id);
      if (fact && !fact.voided && !voided.has(id)) {
        open.live[fact.type] -= toFen(fact.cny);
        if (recorded.has(id)) fact.voided = true;
        else voided.add(id);
      }
    }
    const state = evolve(open.state, event, event);
    // The state's fact list holds only this event's fact: it is moved out at once. `evolve` returns a
    // new object for every event of a project, so emptying its list changes no other state.
    if (state !== null && state.facts.length > 0) {
      for (const fact of state.facts) {
        recorded.set(fact.eventId, summaryFact(fact));
        open.live[fact.type] += toFen(fact.cny);
      }
      state.facts = [];
    }
    open.state = state;
  }
  if (open.state === null) return { recorded: [], voided: [] };
  return { recorded: [...recorded.values()], voided: [...voided] };
}

function summaryFact(fact: CountedFact): SummaryFact {
  return { eventId: fact.eventId, type: fact.type, cny: fact.cny, unitId: fact.unitId, voided: fact.voided };
}
