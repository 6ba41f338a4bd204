/**
 * The project summary folded batch by batch, with earlier facts looked up by id, is the summary of the
 * state the domain folds from the whole stream: for any history and any cut into batches.
 */
import fc from 'fast-check';
import type { MoneyFact, ProjectEvent, VoidableType } from './events.js';
import { evolve, type EventEnvelope } from './evolve.js';
import type { ProjectState } from './state.js';
import { closeSummary, foldOn, openSummary, summarize, type ProjectSummary, type SummaryFact } from './summary.js';

const cny = (amount: string): MoneyFact => ({ amount, currency: 'CNY', cny: amount });

const lead: ProjectEvent = {
  type: 'LeadRegistered',
  data: {
    projectId: 'p-rudong-wind',
    name: '如東海上風電裝備項目',
    investor: '遠景能源',
    origin: 'domestic',
    sector: 'secondary',
    plannedInvestment: cny('300000000.00'),
    unitId: 'unit-rudong',
    parkId: null,
    referrer: null,
    leadOn: '2024-02-29',
    distinctFrom: null,
  },
};

const counted = (type: VoidableType, n: number, amount: string): ProjectEvent => {
  const on = `2024-${String(1 + (n % 12)).padStart(2, '0')}-15`;
  if (type === 'FundingArrived') return { type, data: { amount: cny(amount), bankReference: `B-${n}`, arrivedOn: on } };
  if (type === 'TaxPaid') return { type, data: { amount: cny(amount), taxMonth: on.slice(0, 7), paymentReference: `T-${n}`, paidOn: on } };
  return { type, data: { plant: cny(amount), equipment: cny('0.00'), land: cny('0.00'), total: cny(amount), inspectedOn: on, inspector: '驗收組' } };
};

type Step = { op: 'fact'; type: VoidableType; amount: string } | { op: 'void'; at: number } | { op: 'reassign' } | { op: 'signed' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('fact' as const),
    type: fc.constantFrom<VoidableType>('FundingArrived', 'TaxPaid', 'FixedAssetsVerified'),
    amount: fc.bigInt({ min: 1n, max: 10n ** 12n }).map((fen) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`),
  }),
  // A void of an earlier fact, of an already voided one too (the decider refuses that; the fold must not count it twice).
  fc.record({ op: fc.constant('void' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('reassign' as const) }),
  fc.record({ op: fc.constant('signed' as const) }),
);

/** The history the steps make, each event with its envelope (event id `ev-<revision>`). */
function history(steps: Step[]): (ProjectEvent & EventEnvelope)[] {
  const events: ProjectEvent[] = [lead];
  const facts: { revision: number; type: VoidableType }[] = [];
  for (const s of steps) {
    if (s.op === 'fact') {
      facts.push({ revision: events.length, type: s.type });
      events.push(counted(s.type, events.length, s.amount));
    } else if (s.op === 'void' && facts.length > 0) {
      const target = facts[s.at % facts.length];
      events.push({ type: 'FactVoided', data: { voidedEventId: `ev-${target.revision}`, voidedType: target.type, reason: '更正', on: '2024-12-31' } });
    } else if (s.op === 'reassign') {
      events.push({ type: 'CreditReassigned', data: { fromUnitId: 'unit-rudong', unitId: `unit-${events.length}`, reason: '考核認定', on: '2024-06-30' } });
    } else if (s.op === 'signed') {
      events.push({ type: 'ProjectSigned', data: { kind: 'contract', committedInvestment: cny('250000000.00'), signedOn: '2024-03-01' } });
    }
  }
  return events.map((event, revision) => ({ ...event, eventId: `ev-${revision}`, revision }));
}

const fold = (events: readonly (ProjectEvent & EventEnvelope)[]): ProjectState => events.reduce<ProjectState>((s, e) => evolve(s, e, e), null);

/**
 * Folds the summary batch by batch as the read model does, its fact rows in a map: from the stored
 * summary each batch, or, when `held`, one open summary moved on over every batch and
 * closed at the end (a read model's transaction of several batches).
 */
function foldInBatches(
  events: (ProjectEvent & EventEnvelope)[],
  cuts: number[],
  held = false,
): { summary: ProjectSummary | null; rows: Map<string, SummaryFact> } {
  const rows = new Map<string, SummaryFact>();
  const earlier = (id: string) => {
    const row = rows.get(id);
    return row && { ...row };
  };
  const keep = (result: { recorded: SummaryFact[]; voided: string[] }) => {
    for (const fact of result.recorded) rows.set(fact.eventId, { ...fact });
    for (const id of result.voided) rows.set(id, { ...rows.get(id)!, voided: true });
  };
  let summary: ProjectSummary | null = null;
  const heldOpen = openSummary(null);
  const bounds = [...new Set([0, ...cuts.map((c) => c % (events.length + 1)), events.length])].sort((a, b) => a - b);
  for (let i = 1; i < bounds.length; i++) {
    const batch = events.slice(bounds[i - 1], bounds[i]);
    if (held) keep(foldOn(heldOpen, batch, earlier));
    else {
      // As the read model does from one transaction to the next: opened from the stored summary, closed after.
      const open = openSummary(summary);
      keep(foldOn(open, batch, earlier));
      summary = closeSummary(open);
    }
  }
  return { summary: held ? closeSummary(heldOpen) : summary, rows };
}

describe('foldOn', () => {
  it('is the summary of the whole fold, for any history cut into any batches, stored or held between them', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), (steps, cuts, held) => {
        const events = history(steps);
        const whole = fold(events)!;
        const { summary, rows } = foldInBatches(events, cuts, held);
        expect(summary).toEqual(summarize(whole));
        // One row per fact, as the state holds it: kind, amount, the unit credited then, voided or not.
        expect([...rows.values()].sort((a, b) => a.eventId.localeCompare(b.eventId))).toEqual(
          whole.facts
            .map((f) => ({ eventId: f.eventId, type: f.type, cny: f.cny, unitId: f.unitId, voided: f.voided }))
            .sort((a, b) => a.eventId.localeCompare(b.eventId)),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('counts a fact voided twice once, whether the void comes in its batch or a later one', () => {
    const events = history([
      { op: 'fact', type: 'TaxPaid', amount: '100.00' },
      { op: 'fact', type: 'TaxPaid', amount: '0.01' },
      { op: 'void', at: 0 },
      { op: 'void', at: 0 },
    ]);
    for (const cuts of [[], [2], [3], [4], [2, 3, 4]]) {
      expect(foldInBatches(events, cuts).summary!.live.TaxPaid).toBe('0.01');
      expect(foldInBatches(events, cuts, true).summary!.live.TaxPaid).toBe('0.01');
    }
  });

  it('credits a fact to the unit of its day, not to a later one', () => {
    const events = history([
      { op: 'fact', type: 'FundingArrived', amount: '5.00' },
      { op: 'reassign' },
      { op: 'fact', type: 'FundingArrived', amount: '7.00' },
    ]);
    const { summary, rows } = foldInBatches(events, [2]);
    expect([...rows.values()].map((f) => f.unitId)).toEqual(['unit-rudong', 'unit-2']);
    expect(summary).toMatchObject({ unitId: 'unit-2', live: { FundingArrived: '12.00', TaxPaid: '0.00', FixedAssetsVerified: '0.00' } });
  });

  it('knows no project before its lead', () => {
    const [, ...withoutLead] = history([{ op: 'fact', type: 'TaxPaid', amount: '1.00' }]);
    const open = openSummary(null);
    expect(foldOn(open, withoutLead, () => undefined)).toEqual({ recorded: [], voided: [] });
    expect(closeSummary(open)).toBeNull();
  });
});
