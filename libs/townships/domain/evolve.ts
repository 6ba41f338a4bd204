import type { TownshipEvent } from './events.js';
import type { TownshipState } from './state.js';

export function evolve(state: TownshipState, event: TownshipEvent): TownshipState {
  switch (event.type) {
    case 'OfficialAppointed': {
      const { officialId, name, post, from } = event.data;
      return { ...state, tenures: [...state.tenures, { officialId, name, post, from, to: null }] };
    }
    case 'OfficialDeparted': {
      const { officialId, post, on } = event.data;
      const tenures = state.tenures.map((t) => (t.officialId === officialId && t.post === post && t.to === null ? { ...t, to: on } : t));
      return { ...state, tenures };
    }
    case 'AnnualTargetSet':
      return { ...state, targets: { ...state.targets, [event.data.year]: event.data.target } };
    case 'YearClosed': {
      const { year, closedOn, target, actual, met } = event.data;
      // The later closing of a year replaces the earlier one: a revision stands.
      const closings = [...state.closings.filter((c) => c.year !== year), { year, closedOn, target, actual, met }];
      return { ...state, closings: closings.sort((a, b) => a.year - b.year) };
    }
  }
}
