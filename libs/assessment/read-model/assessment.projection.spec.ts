import Database from 'better-sqlite3';
import { MemoryEventStore } from '../../event-store/index.js';
import { NotFound, parsePeriod, type Json, type Period } from '../../kernel/index.js';
import { Projector } from '../../projector/index.js';
import { type ProjectEvent, projectStreamId, type Sector, type UnitEvent, type UnitKind, unitStreamId } from '../../projects/domain/index.js';
import { assessmentPolicyStreamId, type AssessmentPolicyEvent } from '../domain/policy.js';
import { AssessmentProjection } from './assessment.projection.js';
import { assessmentOf, ratesOf, stalledOf } from './assessment.queries.js';

const cny = (amount: string) => ({ amount, currency: 'CNY', cny: amount });
const usd = (amount: string, cnyRate: string, value: string) => ({ amount, currency: 'USD', cnyRate, cny: value });
const period = (id: string): Period => parsePeriod(id)!;

/** A ledger written event by event through a store, with the projector following it as the shell does. */
class Ledger {
  readonly store = new MemoryEventStore();
  readonly projector = new Projector(this.store, new Database(':memory:'), [new AssessmentProjection()]);
  readonly db = this.projector.db;

  constructor() {
    this.projector.start();
  }

  async append(streamId: string, event: ProjectEvent | UnitEvent | AssessmentPolicyEvent): Promise<string> {
    const { events } = await this.store.append(
      streamId,
      [{ type: event.type, data: event.data as unknown as { [key: string]: Json }, occurredOn: '2026-11-26', actor: 'test', role: 'admin' }],
      { expectedRevision: 'any' },
    );
    await this.projector.waitFor(events[0].globalPosition);
    return events[0].eventId;
  }

  unit(unitId: string, kind: UnitKind, parentId: string | null = null) {
    return this.append(unitStreamId(unitId), { type: 'UnitRegistered', data: { unitId, name: `${unitId} name`, kind, parentId } });
  }

  /** A project signed by contract and, when `brokeGroundOn` is given, under construction. */
  async project(projectId: string, unitId: string, sector: Sector, committed: string, signedOn: string, brokeGroundOn?: string) {
    await this.fact(projectId, {
      type: 'LeadRegistered',
      data: {
        projectId,
        name: `${projectId} name`,
        investor: `${projectId} investor`,
        origin: 'domestic',
        sector,
        plannedInvestment: cny(committed),
        unitId,
        parkId: null,
        referrer: null,
        leadOn: '2025-01-02',
        distinctFrom: null,
      },
    });
    await this.fact(projectId, { type: 'ProjectSigned', data: { kind: 'contract', committedInvestment: cny(committed), signedOn } });
    if (brokeGroundOn) await this.fact(projectId, { type: 'GroundBroken', data: { brokeGroundOn } });
  }

  fact(projectId: string, event: ProjectEvent) {
    return this.append(projectStreamId(projectId), event);
  }

  verify(projectId: string, inspectedOn: string, plant: string, equipment: string, land: string, total: string) {
    return this.fact(projectId, {
      type: 'FixedAssetsVerified',
      data: { plant: cny(plant), equipment: cny(equipment), land: cny(land), total: cny(total), inspectedOn, inspector: 'chen.ping' },
    });
  }
}

/** 夏津 (with a township), 慶雲 and 茌平 counties; the seed report's projects. */
async function dezhou(): Promise<Ledger> {
  const l = new Ledger();
  await l.unit('xiajin', 'county');
  await l.unit('xiajin-town', 'township', 'xiajin');
  await l.unit('qingyun', 'county');
  await l.unit('chiping', 'county');
  await l.append(assessmentPolicyStreamId('ap-2026'), {
    type: 'AssessmentPolicyIssued',
    data: {
      policyId: 'ap-2026',
      minimumProjectCny: '10000000.00',
      fixedAssetSectors: ['primary', 'secondary'],
      realEstateTaxMultiplier: 10,
      otherSectorsCount: false,
      effectiveFrom: '2026-01-01',
    },
  });
  // 華芳 cotton textiles in a 夏津 township: one verification stands, one is voided.
  await l.project('huafang', 'xiajin-town', 'secondary', '500000000.00', '2025-03-01', '2025-06-01');
  await l.verify('huafang', '2026-03-31', '120000000.00', '80000000.00', '30000000.00', '230000000.00');
  const wrong = await l.verify('huafang', '2026-04-01', '9.00', '0.00', '0.00', '9.00');
  await l.fact('huafang', { type: 'FactVoided', data: { voidedEventId: wrong, voidedType: 'FixedAssetsVerified', reason: 'double entry', on: '2026-04-02' } });
  await l.fact('huafang', {
    type: 'FundingArrived',
    data: { amount: usd('10000000.00', '7.1234', '71234000.00'), bankReference: 'b1', arrivedOn: '2025-05-01' },
  });
  // 永鋒 steel rolling moves from 夏津 to 慶雲 on 1 July 2026.
  await l.project('yongfeng', 'xiajin', 'secondary', '300000000.00', '2025-04-01', '2025-05-01');
  await l.verify('yongfeng', '2026-05-10', '100000000.00', '0.00', '0.00', '100000000.00');
  await l.fact('yongfeng', { type: 'CreditReassigned', data: { fromUnitId: 'xiajin', unitId: 'qingyun', reason: 'investor relocated', on: '2026-07-01' } });
  await l.verify('yongfeng', '2026-08-10', '60000000.00', '0.00', '0.00', '60000000.00');
  // Real estate in 茌平 counts tax × 10; a small 慶雲 project one fen short of the minimum counts 0.
  await l.project('towers', 'chiping', 'real_estate', '80000000.00', '2025-02-01', '2025-03-01');
  await l.fact('towers', { type: 'ProjectCompleted', data: { completedOn: '2025-12-01' } });
  await l.fact('towers', { type: 'ProductionStarted', data: { startedOn: '2026-01-05' } });
  await l.fact('towers', { type: 'TaxPaid', data: { amount: cny('1500000.00'), taxMonth: '2026-01', paymentReference: 't1', paidOn: '2026-02-15' } });
  await l.project('workshop', 'qingyun', 'primary', '9999999.99', '2025-06-01', '2025-07-01');
  await l.verify('workshop', '2026-02-01', '5000000.00', '0.00', '0.00', '5000000.00');
  // 西傑 lysine: an intent signed in 茌平, then silence.
  await l.project('lysine', 'chiping', 'primary', '200000000.00', '2025-01-10');
  return l;
}

describe('the assessment read model', () => {
  it('ranks counties for a year: township roll-up, voided verification, reassignment by fact date, minimum', async () => {
    const l = await dezhou();
    const year = assessmentOf(l.db, period('2026'), 'county');
    expect(year.policy).toMatchObject({ policyId: 'ap-2026', minimumProjectCny: { amount: '10000000.00', currency: 'CNY' } });
    expect(year.units).toEqual([
      {
        unitId: 'xiajin',
        name: 'xiajin name',
        score: { amount: '330000000.00', currency: 'CNY' },
        rank: 1,
        mark: 'reward',
        projects: [
          { projectId: 'huafang', name: 'huafang name', countedValue: { amount: '230000000.00', currency: 'CNY' }, belowMinimum: false },
          { projectId: 'yongfeng', name: 'yongfeng name', countedValue: { amount: '100000000.00', currency: 'CNY' }, belowMinimum: false },
        ],
      },
      {
        unitId: 'qingyun',
        name: 'qingyun name',
        score: { amount: '60000000.00', currency: 'CNY' },
        rank: 2,
        mark: null,
        projects: [
          { projectId: 'yongfeng', name: 'yongfeng name', countedValue: { amount: '60000000.00', currency: 'CNY' }, belowMinimum: false },
          { projectId: 'workshop', name: 'workshop name', countedValue: { amount: '0.00', currency: 'CNY' }, belowMinimum: true },
        ],
      },
      {
        unitId: 'chiping',
        name: 'chiping name',
        score: { amount: '15000000.00', currency: 'CNY' },
        rank: 3,
        mark: 'self_criticism',
        projects: [{ projectId: 'towers', name: 'towers name', countedValue: { amount: '15000000.00', currency: 'CNY' }, belowMinimum: false }],
      },
    ]);
  });

  it('ranks townships on their own and splits periods at their edges', async () => {
    const l = await dezhou();
    expect(assessmentOf(l.db, period('2026-Q1'), 'township').units).toMatchObject([
      { unitId: 'xiajin-town', score: { amount: '230000000.00' }, rank: 1, mark: null },
    ]);
    expect(assessmentOf(l.db, period('2026-04'), 'county').units.map((u) => [u.unitId, u.score.amount, u.mark])).toEqual([
      ['chiping', '0.00', null],
      ['qingyun', '0.00', null],
      ['xiajin', '0.00', null],
    ]);
    expect(assessmentOf(l.db, period('2025'), 'county').policy).toMatchObject({ policyId: null, effectiveFrom: null, realEstateTaxMultiplier: 10 });
  });

  it('gives a unit its rates over the projects signed in a window', async () => {
    const l = await dezhou();
    const rates = ratesOf(l.db, 'xiajin', '2025-01-01', '2025-12-31');
    // 華芳 only: 永鋒 is credited to 慶雲 now; 71,234,000 arrived of 500,000,000 committed.
    expect(rates).toEqual({
      unitId: 'xiajin',
      signedFrom: '2025-01-01',
      signedTo: '2025-12-31',
      successRate: 0,
      fundingArrivalRate: 0.1425,
      completionRate: 0,
      projects: [
        {
          projectId: 'huafang',
          name: 'huafang name',
          unitId: 'xiajin-town',
          signedOn: '2025-03-01',
          stage: 'under_construction',
          committedInvestment: { amount: '500000000.00', currency: 'CNY' },
          fundingArrived: { amount: '71234000.00', currency: 'CNY' },
        },
      ],
    });
    expect(ratesOf(l.db, 'chiping', '2025-01-01', '2025-12-31')).toMatchObject({ successRate: 0.5, completionRate: 1, fundingArrivalRate: 0 });
    expect(() => ratesOf(l.db, 'atlantis', '2025-01-01', '2025-12-31')).toThrow(NotFound);
  });

  it('lists the stalled projects with their flags', async () => {
    const l = await dezhou();
    const view = stalledOf(l.db, '2026-11-26', 90);
    expect(view.items.map((i) => [i.projectId, i.unitId, i.stage, i.lastEventOn, i.daysSilent, i.flags.map((f) => `${f.rule}:${f.level}`)])).toEqual([
      ['lysine', 'chiping', 'signed', '2025-01-10', 685, ['not_started:yellow', 'underfunded:red']],
      ['workshop', 'qingyun', 'under_construction', '2026-02-01', 298, ['funding_stopped:red', 'underfunded:red']],
      ['huafang', 'xiajin-town', 'under_construction', '2026-03-31', 240, ['funding_stopped:red', 'underfunded:red']],
      ['yongfeng', 'qingyun', 'under_construction', '2026-08-10', 108, ['funding_stopped:red', 'underfunded:red']],
    ]);
    expect(stalledOf(l.db, '2026-11-26', 300).items).toEqual([view.items[0]]);
  });

  it('rebuilt from zero, and fed fresh, equals the live read model', async () => {
    const l = await dezhou();
    const live = l.projector.dump('assessment');
    const answers = (db: Database.Database) => [
      assessmentOf(db, period('2026'), 'county'),
      ratesOf(db, 'qingyun', '2025-01-01', '2026-12-31'),
      stalledOf(db, '2026-11-26', 30),
    ];
    const liveAnswers = answers(l.db);
    await l.projector.rebuild(['assessment']);
    expect(l.projector.dump('assessment')).toEqual(live);
    const fresh = new Projector(l.store, new Database(':memory:'), [new AssessmentProjection()]);
    await fresh.catchUp();
    expect(fresh.dump('assessment')).toEqual(live);
    expect(answers(fresh.db)).toEqual(liveAnswers);
  });
});
