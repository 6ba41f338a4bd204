import fc from 'fast-check';
import { liveFactWithSlip, withFact, withFactsChanged } from './slip-index.js';
import type { CountedFact, Project } from './state.js';

const project = (facts: CountedFact[]): Project => ({ facts }) as Project;

const fact = (n: number, type: CountedFact['type'], slip: string | null): CountedFact => ({
  eventId: `e${n}`,
  type,
  on: '2026-01-01',
  cny: '1.00',
  reference: slip,
  slip,
  voided: false,
  unitId: 'u',
});

/** What the index stands in for: the first live fact of the type with the slip, by walking them all. */
const walked = (facts: CountedFact[], type: CountedFact['type'], slip: string) => facts.find((f) => f.type === type && !f.voided && f.slip === slip);

const step = fc.oneof(
  fc.record({
    op: fc.constant('add' as const),
    type: fc.constantFrom<CountedFact['type']>('TaxPaid', 'FundingArrived'),
    slip: fc.constantFrom('A', 'B', 'C', null),
  }),
  fc.record({ op: fc.constant('void' as const), at: fc.nat() }),
  // Fold on from an earlier state (a pending state given up, decided again from the stored one).
  fc.record({ op: fc.constant('branch' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('look' as const), at: fc.nat() }),
);

describe('slip index: the same answers as walking every fact, on every state folded from shared facts', () => {
  it('holds for appends, voids, branches and lookups in any order', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const states: CountedFact[][] = [[]];
        let current: CountedFact[] = [];
        let n = 0;
        for (const s of steps) {
          if (s.op === 'add') current = withFact(current, fact(n++, s.type, s.slip));
          else if (s.op === 'void' && current.length > 0) {
            const id = current[s.at % current.length].eventId;
            current = withFactsChanged(current, (f) => (f.eventId === id ? { ...f, voided: true } : f));
          } else if (s.op === 'branch') current = states[s.at % states.length];
          else if (s.op === 'look') liveFactWithSlip(project(states[s.at % states.length]), 'TaxPaid', 'A');
          states.push(current);
        }
        for (const facts of states) {
          for (const type of ['TaxPaid', 'FundingArrived'] as const) {
            for (const slip of ['A', 'B', 'C']) expect(liveFactWithSlip(project(facts), type, slip)).toBe(walked(facts, type, slip));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds a slip in facts parsed from a read model (no index yet), and only a live one', () => {
    const facts = JSON.parse(JSON.stringify([fact(1, 'TaxPaid', 'A'), { ...fact(2, 'TaxPaid', 'B'), voided: true }])) as CountedFact[];
    expect(liveFactWithSlip(project(facts), 'TaxPaid', 'A')?.eventId).toBe('e1');
    expect(liveFactWithSlip(project(facts), 'TaxPaid', 'B')).toBeUndefined();
    expect(liveFactWithSlip(project(facts), 'FundingArrived', 'A')).toBeUndefined();
  });
});
