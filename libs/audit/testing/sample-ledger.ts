/** A small, realistic ledger for the audit tests: three projects whose events interleave in global order. */
import type { EventStore, NewEvent, StoredEvent } from '../../event-store/port.js';
import { NO_STREAM } from '../../event-store/port.js';
import { businessDateOf, type MoneyFact, type ProjectEvent, projectStreamId } from '../../projects/domain/index.js';

export const START = Date.parse('2026-01-05T01:00:00.000Z');
export const STEP_MS = 60_000;

/** A clock that moves one step per reading, so event n (1-based) is recorded at START + (n-1) steps. */
export function steppingClock(start = START, step = STEP_MS): () => Date {
  let next = start;
  return () => {
    const now = new Date(next);
    next += step;
    return now;
  };
}

export function recordedAtOf(position: number): string {
  return new Date(START + (position - 1) * STEP_MS).toISOString();
}

const cny = (amount: string): MoneyFact => ({ amount, currency: 'CNY', cny: amount });

export function toNewEvent(event: ProjectEvent, actor = 'li.ming', role = 'recorder'): NewEvent {
  return { type: event.type, data: event.data as unknown as NewEvent['data'], occurredOn: businessDateOf(event), actor, role };
}

function lead(projectId: string, name: string, investor: string, referrer: boolean): ProjectEvent {
  return {
    type: 'LeadRegistered',
    data: {
      projectId,
      name,
      investor,
      origin: 'domestic',
      sector: 'secondary',
      plannedInvestment: cny('300000000.00'),
      unitId: 'xiajin',
      parkId: null,
      referrer: referrer ? { referrerId: 'r-zhang', name: 'Zhang Wei', kind: 'person' } : null,
      leadOn: '2025-11-03',
      distinctFrom: null,
    },
  };
}

/** Appends the sample history one event at a time (each with its own recordedAt) and returns it as stored. */
export async function seedLedger(store: EventStore): Promise<StoredEvent[]> {
  const stored: StoredEvent[] = [];
  const record = async (projectId: string, event: ProjectEvent, actor?: string, role?: string) => {
    const stream = projectStreamId(projectId);
    const revision = stored.filter((e) => e.streamId === stream).length - 1;
    const { events } = await store.append(stream, [toNewEvent(event, actor, role)], { expectedRevision: revision < 0 ? NO_STREAM : revision });
    stored.push(...events);
    return events[0];
  };
  await record('p1', lead('p1', 'Cotton textile phase 1', 'Huafang Group', false));
  await record('p2', lead('p2', 'Lysine plant', 'Xijie Group', true));
  await record('p1', { type: 'ProjectSigned', data: { kind: 'contract', committedInvestment: cny('250000000.00'), signedOn: '2025-12-01' } });
  await record('p1', {
    type: 'FundingArrived',
    data: { amount: { amount: '1000000.00', currency: 'USD', cnyRate: '7.1234', cny: '7123400.00' }, bankReference: 'BOC-0001', arrivedOn: '2025-12-20' },
  });
  await record('p2', { type: 'ProjectSigned', data: { kind: 'intent', committedInvestment: cny('80000000.00'), signedOn: '2025-12-02' } });
  await record('p3', lead('p3', 'Rolling mill', 'Yongfeng Steel', false));
  await record('p1', { type: 'GroundBroken', data: { brokeGroundOn: '2026-01-02' } });
  await record('p2', { type: 'ProjectSigned', data: { kind: 'contract', committedInvestment: cny('90000000.00'), signedOn: '2026-01-03' } });
  await record('p3', { type: 'ProjectSigned', data: { kind: 'contract', committedInvestment: cny('120000000.00'), signedOn: '2025-12-15' } });
  const funding = await record('p3', { type: 'FundingArrived', data: { amount: cny('5000000.00'), bankReference: 'ICBC-77', arrivedOn: '2025-12-28' } });
  await record(
    'p3',
    { type: 'FactVoided', data: { voidedEventId: funding.eventId, voidedType: 'FundingArrived', reason: 'bank reversed the transfer', on: '2026-01-04' } },
    'wang.fang',
    'assessor',
  );
  await record('p1', { type: 'FundingArrived', data: { amount: cny('20000000.00'), bankReference: 'BOC-0002', arrivedOn: '2026-01-04' } });
  return stored;
}
