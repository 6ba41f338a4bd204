/**
 * Where each slip stands in a project's facts, so the one-slip-once check does not walk every earlier
 * fact on each write (a hot stream's facts run into thousands, scattered over the heap).
 *
 * Facts are only ever appended (a void replaces a fact at its own place), so every state folded from
 * the same facts can share one index of positions: a position once recorded stays a candidate, and a
 * lookup checks the fact standing there in the asking state. The index is a cache that changes no
 * answer: a state without one (e.g. parsed from a read model) builds it on first use.
 */
import type { CountedFact, Project } from './state.js';

type Facts = readonly CountedFact[];
type SlipIndex = Map<string, number[]>;

const indexes = new WeakMap<Facts, SlipIndex>();

const keyOf = (type: CountedFact['type'], slip: string): string => `${type}\u0000${slip}`;

function record(index: SlipIndex, fact: CountedFact, position: number): void {
  if (fact.slip === null) return;
  const key = keyOf(fact.type, fact.slip);
  const positions = index.get(key);
  if (!positions) index.set(key, [position]);
  else if (!positions.includes(position)) positions.push(position);
}

function indexOf(facts: Facts): SlipIndex {
  let index = indexes.get(facts);
  if (!index) {
    const built: SlipIndex = new Map();
    facts.forEach((fact, position) => record(built, fact, position));
    indexes.set(facts, built);
    index = built;
  }
  return index;
}

/** `facts` with `fact` after them; the new list shares the index of the old one. */
export function withFact(facts: Facts, fact: CountedFact): CountedFact[] {
  const next = [...facts, fact];
  const index = indexes.get(facts);
  if (index) {
    record(index, fact, facts.length);
    indexes.set(next, index);
  }
  return next;
}

/** `facts` with each fact in its place replaced by `change(fact)` (a void); the index carries over. */
export function withFactsChanged(facts: Facts, change: (fact: CountedFact) => CountedFact): CountedFact[] {
  const next = facts.map(change);
  const index = indexes.get(facts);
  if (index) indexes.set(next, index);
  return next;
}

/** The earliest live fact of `type` whose slip compares equal to `slip` (a slipKey), if any. */
export function liveFactWithSlip(project: Project, type: CountedFact['type'], slip: string): CountedFact | undefined {
  let earliest: number | undefined;
  for (const position of indexOf(project.facts).get(keyOf(type, slip)) ?? []) {
    const fact = project.facts[position];
    const live = fact !== undefined && fact.type === type && fact.slip === slip && !fact.voided;
    if (live && (earliest === undefined || position < earliest)) earliest = position;
  }
  return earliest === undefined ? undefined : project.facts[earliest];
}
