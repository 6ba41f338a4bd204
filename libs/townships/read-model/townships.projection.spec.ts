import Database from 'better-sqlite3';
import { MemoryEventStore, type EventStore } from '../../event-store/index.js';
import type { Json } from '../../kernel/index.js';
import { Projector } from '../../projector/index.js';
import { type ProjectEvent, projectStreamId, type UnitEvent, unitStreamId } from '../../projects/domain/index.js';
import { townshipStreamId, type Post, type TownshipEvent } from '../domain/events.js';
import { TownshipsProjection } from './townships.projection.js';
import { actualFor, banRegister, bansActiveOn, eligibility, townshipView } from './townships.queries.js';

type AnyEvent = TownshipEvent | ProjectEvent | UnitEvent;

async function append(store: EventStore, streamId: string, event: AnyEvent, occurredOn = '2020-01-01'): Promise<string> {
  const { events } = await store.append(
    streamId,
    [{ type: event.type, data: event.data as { [key: string]: Json }, occurredOn, actor: 'test', role: 'admin' }],
    { expectedRevision: 'any' },
  );
  return events[0].eventId;
}

const cny = (amount: string) => ({ amount, currency: 'CNY', cny: amount });

/** The ledger of a city with one county and two townships, written through a store like the shell does. */
class Ledger {
  readonly store = new MemoryEventStore();
  readonly db = new Database(':memory:');
  readonly projector = new Projector(this.store, this.db, [new TownshipsProjection()]);

  constructor() {
    this.projector.start();
  }

  async settle(): Promise<void> {
    await this.projector.waitFor(await this.store.headPosition());
  }

  unit(unitId: string, kind: 'county' | 'township', parentId: string | null = null) {
    return append(this.store, unitStreamId(unitId), { type: 'UnitRegistered', data: { unitId, name: unitId, kind, parentId } });
  }

  lead(projectId: string, unitId: string) {
    return append(this.store, projectStreamId(projectId), {
      type: 'LeadRegistered',
      data: {
        projectId,
        name: projectId,
        investor: 'acme',
        origin: 'domestic',
        sector: 'secondary',
        plannedInvestment: cny('1000000.00'),
        unitId,
        parkId: null,
        referrer: null,
        leadOn: '2023-01-01',
        distinctFrom: null,
      },
    });
  }

  funding(projectId: string, arrivedOn: string, amount: { amount: string; currency: string; cny: string; cnyRate?: string }) {
    return append(this.store, projectStreamId(projectId), { type: 'FundingArrived', data: { amount, bankReference: `ref-${arrivedOn}`, arrivedOn } });
  }

  project(projectId: string, event: ProjectEvent) {
    return append(this.store, projectStreamId(projectId), event);
  }

  township(unitId: string, event: TownshipEvent) {
    return append(this.store, townshipStreamId(unitId), event);
  }

  appoint(unitId: string, officialId: string, post: Post, from: string) {
    return this.township(unitId, { type: 'OfficialAppointed', data: { officialId, name: `Name ${officialId}`, unitId, post, from } });
  }

  depart(unitId: string, officialId: string, post: Post, on: string) {
    return this.township(unitId, { type: 'OfficialDeparted', data: { officialId, unitId, post, on } });
  }

  async close(unitId: string, year: number, closedOn: string, met: boolean, reason: string | null = null) {
    await this.township(unitId, { type: 'AnnualTargetSet', data: { unitId, year, target: '100.00' } });
    return this.township(unitId, {
      type: 'YearClosed',
      data: { unitId, year, closedOn, target: '100.00', actual: met ? '150.00' : '50.00', met, revises: reason !== null, reason },
    });
  }
}

async function city(): Promise<Ledger> {
  const l = new Ledger();
  await l.unit('lincheng', 'county');
  await l.unit('qingyun', 'township', 'lincheng');
  await l.unit('baiyun', 'township', 'lincheng');
  return l;
}

describe('township actual: funding arrived in the year', () => {
  it('counts CNY of live funding dated in the year, for the unit credited on its arrival date and the units above it', async () => {
    const l = await city();
    await l.lead('p1', 'qingyun');
    await l.funding('p1', '2024-12-31', cny('60.00'));
    await l.funding('p1', '2025-01-01', { amount: '10.00', currency: 'USD', cnyRate: '7.1234', cny: '71.23' });
    const voided = await l.funding('p1', '2025-03-01', cny('1000.00'));
    await l.project('p1', { type: 'FactVoided', data: { voidedEventId: voided, voidedType: 'FundingArrived', reason: 'bounced', on: '2025-03-02' } });
    await l.lead('p2', 'baiyun');
    await l.funding('p2', '2025-06-01', cny('40.00'));
    await l.settle();
    expect([actualFor(l.db, 'qingyun', 2025), actualFor(l.db, 'baiyun', 2025), actualFor(l.db, 'lincheng', 2025)]).toEqual(['71.23', '40.00', '111.23']);
    expect(actualFor(l.db, 'qingyun', 2024)).toBe('60.00');

    // Moved mid-year: funding before the move stays with the old township, from the move's day on it counts for the new one.
    await l.project('p2', { type: 'CreditReassigned', data: { fromUnitId: 'baiyun', unitId: 'qingyun', reason: 'same factory', on: '2025-07-01' } });
    await l.funding('p2', '2025-07-01', cny('25.00'));
    await l.funding('p2', '2025-12-31', cny('5.00'));
    await l.settle();
    expect([actualFor(l.db, 'qingyun', 2025), actualFor(l.db, 'baiyun', 2025), actualFor(l.db, 'lincheng', 2025)]).toEqual(['101.23', '40.00', '141.23']);
    expect(actualFor(l.db, 'nowhere', 2025)).toBe('0.00');
  });

  it('follows a reassignment recorded late but dated before funding already counted', async () => {
    const l = await city();
    await l.lead('p1', 'baiyun');
    await l.funding('p1', '2025-03-01', cny('10.00'));
    await l.funding('p1', '2025-09-01', cny('20.00'));
    await l.settle();
    expect([actualFor(l.db, 'qingyun', 2025), actualFor(l.db, 'baiyun', 2025)]).toEqual(['0.00', '30.00']);
    await l.project('p1', { type: 'CreditReassigned', data: { fromUnitId: 'baiyun', unitId: 'qingyun', reason: 'wrong unit', on: '2025-06-01' } });
    await l.settle();
    expect([actualFor(l.db, 'qingyun', 2025), actualFor(l.db, 'baiyun', 2025)]).toEqual(['20.00', '10.00']);
  });

  it('leaves a closed year frozen when a reassignment later moves its funding', async () => {
    const l = await city();
    await l.lead('p1', 'qingyun');
    await l.funding('p1', '2024-05-01', cny('150.00'));
    await l.close('qingyun', 2024, '2025-01-10', true);
    await l.project('p1', { type: 'CreditReassigned', data: { fromUnitId: 'qingyun', unitId: 'baiyun', reason: 'wrong unit', on: '2024-01-01' } });
    await l.settle();
    expect(actualFor(l.db, 'qingyun', 2024)).toBe('0.00');
    expect(townshipView(l.db, 'qingyun')?.years).toEqual([
      { year: 2024, target: { amount: '100.00', currency: 'CNY' }, actual: { amount: '150.00', currency: 'CNY' }, met: true, closedOn: '2025-01-10' },
    ]);
  });
});

describe('township view', () => {
  it('shows closed years frozen, open years live, and the exits', async () => {
    const l = await city();
    await l.lead('p1', 'qingyun');
    await l.close('qingyun', 2024, '2025-01-10', false);
    await l.close('qingyun', 2025, '2026-01-12', false);
    await l.funding('p1', '2025-05-05', cny('500.00'));
    await l.township('qingyun', { type: 'AnnualTargetSet', data: { unitId: 'qingyun', year: 2026, target: '300.00' } });
    await l.funding('p1', '2026-02-02', cny('120.50'));
    await l.settle();
    const money = (amount: string) => ({ amount, currency: 'CNY' });
    expect(townshipView(l.db, 'qingyun')).toEqual({
      unitId: 'qingyun',
      years: [
        { year: 2024, target: money('100.00'), actual: money('50.00'), met: false, closedOn: '2025-01-10' },
        { year: 2025, target: money('100.00'), actual: money('50.00'), met: false, closedOn: '2026-01-12' },
        { year: 2026, target: money('300.00'), actual: money('120.50'), met: null, closedOn: null },
      ],
      exits: [{ on: '2026-01-12', years: [2024, 2025] }],
    });
    expect(townshipView(l.db, 'lincheng')).toBeNull();
    expect(townshipView(l.db, 'nowhere')).toBeNull();
  });
});

describe('promotion bans', () => {
  /**
   * qingyun fails 2024 and 2025 → exit 2026-01-12; baiyun fails 2025 and 2026 → exit 2027-01-15.
   * li: qingyun's secretary, then baiyun's (two overlapping bans). wang left qingyun the day before its
   * exit; zhao arrived the day before; sun heads baiyun.
   */
  async function twoExits(): Promise<Ledger> {
    const l = await city();
    await l.appoint('qingyun', 'li', 'party_secretary', '2020-01-01');
    await l.appoint('qingyun', 'wang', 'township_head', '2020-01-01');
    await l.depart('qingyun', 'wang', 'township_head', '2026-01-11');
    await l.appoint('qingyun', 'zhao', 'township_head', '2026-01-11');
    await l.close('qingyun', 2024, '2025-01-10', false);
    await l.close('qingyun', 2025, '2026-01-12', false);
    await l.depart('qingyun', 'li', 'party_secretary', '2026-05-31');
    await l.appoint('baiyun', 'li', 'party_secretary', '2026-06-01');
    await l.appoint('baiyun', 'sun', 'township_head', '2024-01-01');
    await l.close('baiyun', 2025, '2026-01-20', false);
    await l.close('baiyun', 2026, '2027-01-15', false);
    await l.settle();
    return l;
  }

  it('bans the heads in office on the exit date, and the ban follows the person', async () => {
    const l = await twoExits();
    expect(bansActiveOn(l.db, '2026-01-12').items.map((b) => [b.officialId, b.unitId])).toEqual([
      ['li', 'qingyun'],
      ['zhao', 'qingyun'],
    ]);
    expect(eligibility(l.db, 'wang', '2026-01-12')).toEqual({ officialId: 'wang', on: '2026-01-12', eligible: true, bans: [] });
    expect(eligibility(l.db, 'li', '2026-01-11')?.eligible).toBe(true);
    expect(eligibility(l.db, 'nobody', '2026-01-11')).toBeNull();
  });

  const QINGYUN = { unitId: 'qingyun', failedYears: [2024, 2025], from: '2026-01-12', until: '2029-01-12' };
  const BAIYUN = { unitId: 'baiyun', failedYears: [2025, 2026], from: '2027-01-15', until: '2030-01-15' };
  it.each([
    ['2026-06-01', [QINGYUN]],
    ['2027-06-01', [QINGYUN, BAIYUN]],
    ['2029-01-12', [BAIYUN]],
    ['2030-01-14', [BAIYUN]],
    ['2030-01-15', []],
  ])('overlapping bans from two townships: li on %s', async (on, bans) => {
    const l = await twoExits();
    expect(eligibility(l.db, 'li', on)).toEqual({ officialId: 'li', on, eligible: bans.length === 0, bans });
  });

  it('keeps the whole register with names, townships and failed years', async () => {
    const l = await twoExits();
    expect(banRegister(l.db)).toEqual([
      { officialId: 'li', name: 'Name li', unitId: 'qingyun', failedYears: [2024, 2025], from: '2026-01-12', until: '2029-01-12' },
      { officialId: 'zhao', name: 'Name zhao', unitId: 'qingyun', failedYears: [2024, 2025], from: '2026-01-12', until: '2029-01-12' },
      { officialId: 'li', name: 'Name li', unitId: 'baiyun', failedYears: [2025, 2026], from: '2027-01-15', until: '2030-01-15' },
      { officialId: 'sun', name: 'Name sun', unitId: 'baiyun', failedYears: [2025, 2026], from: '2027-01-15', until: '2030-01-15' },
    ]);
  });

  it('follows a revision that turns a failed year into a met one: the exit and its bans disappear', async () => {
    const l = await twoExits();
    await l.close('qingyun', 2024, '2026-03-01', true, 'funding recorded late');
    await l.settle();
    expect(townshipView(l.db, 'qingyun')?.exits).toEqual([]);
    expect(banRegister(l.db).map((b) => b.unitId)).toEqual(['baiyun', 'baiyun']);
    expect(eligibility(l.db, 'zhao', '2026-06-01')?.eligible).toBe(true);
  });

  it('bans an official whose appointment before the exit is recorded after it', async () => {
    const l = await city();
    await l.close('qingyun', 2024, '2025-01-10', false);
    await l.close('qingyun', 2025, '2026-01-12', false);
    await l.appoint('qingyun', 'late', 'township_head', '2026-01-11');
    await l.settle();
    expect(eligibility(l.db, 'late', '2026-01-12')?.bans).toHaveLength(1);
  });
});

describe('rebuild', () => {
  it('a rebuild from zero, and a fresh read model fed the same events, equal the live one', async () => {
    const l = new Ledger();
    await l.unit('lincheng', 'county');
    await l.unit('qingyun', 'township', 'lincheng');
    await l.lead('p1', 'qingyun');
    await l.funding('p1', '2025-02-02', cny('70.00'));
    await l.appoint('qingyun', 'li', 'party_secretary', '2020-01-01');
    await l.appoint('qingyun', 'wang', 'township_head', '2020-01-01');
    await l.depart('qingyun', 'wang', 'township_head', '2025-06-30');
    await l.appoint('qingyun', 'zhao', 'township_head', '2025-06-30');
    for (const [year, met] of [
      [2022, false],
      [2023, false],
      [2024, false],
      [2025, false],
    ] as const) {
      await l.close('qingyun', year, `${year + 1}-01-0${year - 2020}`, met);
    }
    await l.close('qingyun', 2023, '2024-03-01', true, 'revised');
    await l.settle();
    const live = l.projector.dump('townships');
    expect(live.promotion_bans.length).toBeGreaterThan(0);

    await l.projector.rebuild(['townships']);
    expect(l.projector.dump('townships')).toEqual(live);

    const fresh = new Projector(l.store, new Database(':memory:'), [new TownshipsProjection()]);
    await fresh.catchUp();
    expect(fresh.dump('townships')).toEqual(live);
  });
});
