/**
 * Credit attribution (項目只認定一家), the one rule every read model follows: a dated fact (funding,
 * tax, verification) counts for the unit credited on the fact's own business date. A project is
 * credited to its lead's unit from the lead date; a `CreditReassigned` applies from its `on` date,
 * that day included. Pure.
 */
import type { LocalDate } from '../../kernel/index.js';
import type { ProjectEvent } from './events.js';

/** The unit credited from `from` on, until a later entry of the history. */
export interface Credit {
  unitId: string;
  from: LocalDate;
}

/** The credit entry an event starts: the lead's unit, or a reassignment's; null for any other event. */
export function creditEntry(event: ProjectEvent): Credit | null {
  switch (event.type) {
    case 'LeadRegistered':
      return { unitId: event.data.unitId, from: event.data.leadOn };
    case 'CreditReassigned':
      return { unitId: event.data.unitId, from: event.data.on };
    default:
      return null;
  }
}

/** A project's credit history from its events, in stream order (the lead first). */
export function creditHistory(events: readonly ProjectEvent[]): Credit[] {
  return events.flatMap((event) => creditEntry(event) ?? []);
}

/**
 * The unit credited on `date`: the last entry, in recording order, dated on or before it; before the
 * first entry's date, the lead's unit. `null` asks for the unit credited now (the last entry).
 */
export function creditedUnitOn(history: readonly Credit[], date: LocalDate | null): string {
  if (history.length === 0) throw new Error('a credit history starts with the lead: it cannot be empty');
  let unitId = history[0].unitId;
  for (const credit of history) if (date === null || credit.from <= date) unitId = credit.unitId;
  return unitId;
}
