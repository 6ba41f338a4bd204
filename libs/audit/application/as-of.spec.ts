import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { NotFound } from '../../kernel/index.js';
import { MemoryEventStore } from '../../event-store/memory/memory-event-store.js';
import type { EventStore } from '../../event-store/port.js';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store.js';
import { liveTotal } from '../../projects/domain/index.js';
import { START, STEP_MS, recordedAtOf, seedLedger, steppingClock } from '../testing/sample-ledger.js';
import { tempDir } from '../testing/sqlite-ledger.js';
import { replayProject } from './as-of.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Halfway between the recording of event n and of event n + 1. */
const between = (n: number) => new Date(START + (n - 1) * STEP_MS + STEP_MS / 2).toISOString();

const stores: [string, () => EventStore][] = [
  ['memory', () => new MemoryEventStore(steppingClock())],
  ['sqlite', () => new SqliteEventStore(join(dir, `as-of-${Math.random().toString(36).slice(2)}.sqlite`), steppingClock())],
];

describe.each(stores)('as-of replay (%s)', (_, open) => {
  let store: EventStore;
  beforeAll(async () => {
    store = open();
    await seedLedger(store);
  });
  afterAll(() => store.close());

  it('knows nothing of a project before its lead was recorded', async () => {
    await expect(replayProject(store, 'p3', between(5))).rejects.toThrow(new NotFound(`project p3 was not yet in the ledger at ${between(5)}`));
    await expect(replayProject(store, 'nope')).rejects.toThrow(new NotFound('project nope is not in the ledger'));
  });

  it('gives the state and timeline as recorded up to instants between events', async () => {
    const signed = await replayProject(store, 'p1', between(3));
    expect(signed.asOf).toBe(between(3));
    expect(signed.state).toMatchObject({ stage: 'signed', revision: 1, facts: [] });
    expect(signed.timeline.map((e) => e.type)).toEqual(['LeadRegistered', 'ProjectSigned']);

    const funded = await replayProject(store, 'p1', between(6));
    expect(funded.state).toMatchObject({ stage: 'signed', revision: 2 });
    expect(liveTotal(funded.state!, 'FundingArrived')).toBe('7123400.00');

    const building = await replayProject(store, 'p1', between(11));
    expect(building.state).toMatchObject({ stage: 'under_construction', revision: 3 });
    expect((await replayProject(store, 'p1')).state).toMatchObject({ revision: 4 });
    expect(liveTotal((await replayProject(store, 'p1')).state!, 'FundingArrived')).toBe('27123400.00');
  });

  it('counts a fact until the void recorded later, and shows the void only from then on', async () => {
    const beforeVoid = await replayProject(store, 'p3', between(10));
    expect(liveTotal(beforeVoid.state!, 'FundingArrived')).toBe('5000000.00');
    expect(beforeVoid.timeline.map((e) => e.voidedAt)).toEqual([null, null, null]);
    const afterVoid = await replayProject(store, 'p3', between(11));
    expect(liveTotal(afterVoid.state!, 'FundingArrived')).toBe('0.00');
    expect(afterVoid.timeline.map((e) => e.voidedAt)).toEqual([null, null, 3, null]);
    expect(afterVoid.firstBroken).toBeNull();
  });

  it('includes an event recorded exactly at the instant, whatever zone the instant is written in', async () => {
    const exact = recordedAtOf(4); // 2026-01-05T01:03:00.000Z
    expect(exact).toBe('2026-01-05T01:03:00.000Z');
    for (const asOf of [exact, '2026-01-05T01:03:00Z', '2026-01-05T09:03+08:00']) {
      expect((await replayProject(store, 'p1', asOf)).state?.revision).toBe(2);
    }
    expect((await replayProject(store, 'p1', '2026-01-05T01:02:59.999Z')).state?.revision).toBe(1);
  });

  it('refuses an instant without a zone', async () => {
    await expect(replayProject(store, 'p1', '2026-01-05 01:03')).rejects.toThrow(RangeError);
  });
});
