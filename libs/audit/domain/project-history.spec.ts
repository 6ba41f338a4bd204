import { MemoryEventStore } from '../../event-store/memory/memory-event-store.js';
import type { StoredEvent } from '../../event-store/port.js';
import { recordedAtOf, seedLedger, steppingClock } from '../testing/sample-ledger.js';
import { parseInstant } from '../../kernel/index.js';
import { formatTimeline, projectHistory } from './project-history.js';

let ledger: StoredEvent[];
beforeAll(async () => {
  ledger = await seedLedger(new MemoryEventStore(steppingClock()));
});
const stream = (id: string) => ledger.filter((e) => e.streamId === `project-${id}`);

describe('projectHistory', () => {
  it('folds the stream with the projects evolve and writes one plain line per event', () => {
    const { state, timeline, firstBroken } = projectHistory(stream('p1'));
    expect(firstBroken).toBeNull();
    expect(state).toMatchObject({ projectId: 'p1', stage: 'under_construction', revision: 4 });
    expect(formatTimeline(timeline)).toEqual([
      `r0  2025-11-03  recorded ${recordedAtOf(1)}  li.ming (recorder)  LeadRegistered  lead "Cotton textile phase 1" from Huafang Group (domestic, secondary), planned 300000000.00 CNY, credited to xiajin, no referrer`,
      `r1  2025-12-01  recorded ${recordedAtOf(3)}  li.ming (recorder)  ProjectSigned   contract signed, committing 250000000.00 CNY`,
      `r2  2025-12-20  recorded ${recordedAtOf(4)}  li.ming (recorder)  FundingArrived  funding of 1000000.00 USD at 7.1234 = 7123400.00 CNY arrived (bank reference BOC-0001)`,
      `r3  2026-01-02  recorded ${recordedAtOf(7)}  li.ming (recorder)  GroundBroken    ground broken`,
      `r4  2026-01-04  recorded ${recordedAtOf(12)}  li.ming (recorder)  FundingArrived  funding of 20000000.00 CNY arrived (bank reference BOC-0002)`,
    ]);
  });

  it('names a voided fact by revision and marks it on the voided line', () => {
    const { state, timeline } = projectHistory(stream('p3'));
    expect(timeline.map((e) => [e.revision, e.voidedAt])).toEqual([
      [0, null],
      [1, null],
      [2, 3],
      [3, null],
    ]);
    expect(timeline[3]).toMatchObject({
      actor: 'wang.fang',
      role: 'assessor',
      summary: 'voided the funding arrival at revision 2: bank reversed the transfer',
    });
    expect(formatTimeline(timeline)[2]).toMatch(/\[voided at r3\]$/);
    expect(state?.facts).toEqual([expect.objectContaining({ type: 'FundingArrived', voided: true })]);
  });

  it('leaves a void unmarked until the void itself is part of the history', () => {
    const { timeline } = projectHistory(stream('p3').slice(0, 3));
    expect(timeline.map((e) => e.voidedAt)).toEqual([null, null, null]);
  });

  it('mentions the referrer and an intent', () => {
    const { timeline } = projectHistory(stream('p2'));
    expect(timeline[0].summary).toMatch(/referred by Zhang Wei \(person r-zhang\)$/);
    expect(timeline[1].summary).toBe('intent signed, committing 80000000.00 CNY');
  });

  it('reports a broken seal in the history it replays', () => {
    const p2 = structuredClone(stream('p2'));
    p2[1].actor = 'mallory';
    expect(projectHistory(p2).firstBroken).toMatchObject({ streamId: 'project-p2', revision: 1 });
  });

  it('shows an event type it does not know without folding it', () => {
    const p2 = structuredClone(stream('p2'));
    p2.push({ ...p2[1], type: 'SomethingNew', revision: 3 });
    const { state, timeline } = projectHistory(p2);
    expect(timeline[3].summary).toBe('an event this build does not know (SomethingNew)');
    expect(state?.revision).toBe(2);
  });
});

describe('parseInstant', () => {
  it.each([
    ['2026-01-05T01:03:00Z', '2026-01-05T01:03:00.000Z'],
    ['2026-01-05T09:03:30.5+08:00', '2026-01-05T01:03:30.500Z'],
    ['2026-01-05T01:03:00.123456Z', '2026-01-05T01:03:00.123Z'],
    ['2026-01-04T20:03-05:00', '2026-01-05T01:03:00.000Z'],
  ])('normalises %s to the store form', (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });

  it.each(['2026-01-05', '2026-01-05T01:03:00', '2026-02-30T00:00:00Z', '2026-01-05T24:00:00Z', 'yesterday', '2026-01-05T01:03:00+25:00'])(
    'refuses %s',
    (text) => {
      expect(parseInstant(text)).toBeNull();
    },
  );
});
