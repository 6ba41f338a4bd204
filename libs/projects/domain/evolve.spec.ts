/**
 * evolve: the project state folded from its stream. The i-th event is stored as `ev-i` at revision i.
 */
import type { MoneyFact, ProjectEvent, Referrer } from './events.js';
import { evolve, liveTotal, liveTotalFen } from './evolve.js';
import type { Project, ProjectState } from './state.js';

const id = (index: number): string => `ev-${index}`;

function fold(events: readonly ProjectEvent[]): ProjectState {
  return events.reduce<ProjectState>((state, event, i) => evolve(state, event, { eventId: id(i), revision: i }), null);
}
function project(events: readonly ProjectEvent[]): Project {
  const state = fold(events);
  if (state === null) throw new Error('no project');
  return state;
}

const cny = (amount: string): MoneyFact => ({ amount, currency: 'CNY', cny: amount });
const referrer: Referrer = { referrerId: 'ref-qingyun-zhang', name: '張建國', kind: 'person' };

const lead = (over: Partial<Extract<ProjectEvent, { type: 'LeadRegistered' }>['data']> = {}): ProjectEvent => ({
  type: 'LeadRegistered',
  data: {
    projectId: 'p-laigang-yongfeng',
    name: '萊鋼永鋒軋鋼項目',
    investor: '萊鋼永鋒',
    origin: 'domestic',
    sector: 'secondary',
    plannedInvestment: cny('600000000.00'),
    unitId: 'unit-dezhou-dev-zone',
    parkId: 'park-dezhou-econ',
    referrer: null,
    leadOn: '2023-12-31',
    distinctFrom: null,
    ...over,
  },
});
const signed = (signedOn: string, kind: 'intent' | 'contract', committed: MoneyFact): ProjectEvent => ({
  type: 'ProjectSigned',
  data: { kind, committedInvestment: committed, signedOn },
});
const funded = (arrivedOn: string, amount: MoneyFact): ProjectEvent => ({
  type: 'FundingArrived',
  data: { amount, bankReference: `ICBC-${arrivedOn}`, arrivedOn },
});
const taxed = (paidOn: string, amount: string): ProjectEvent => ({
  type: 'TaxPaid',
  data: { amount: cny(amount), taxMonth: paidOn.slice(0, 7), paymentReference: `TAX-${paidOn}`, paidOn },
});
const verified = (inspectedOn: string, plant: string, equipment: string, land: string, total: string): ProjectEvent => ({
  type: 'FixedAssetsVerified',
  data: { plant: cny(plant), equipment: cny(equipment), land: cny(land), total: cny(total), inspectedOn, inspector: '德州市項目評審委員會' },
});
const voided = (target: number, on: string, voidedType: 'FundingArrived' | 'TaxPaid' | 'FixedAssetsVerified'): ProjectEvent => ({
  type: 'FactVoided',
  data: { voidedEventId: id(target), voidedType, reason: '更正', on },
});

describe('evolve', () => {
  it('knows no project before its lead, and ignores anything else as a first event', () => {
    expect(fold([])).toBeNull();
    expect(fold([{ type: 'GroundBroken', data: { brokeGroundOn: '2024-01-01' } }])).toBeNull();
  });

  it('starts the project from its lead', () => {
    expect(fold([lead()])).toEqual({
      projectId: 'p-laigang-yongfeng',
      name: '萊鋼永鋒軋鋼項目',
      investor: '萊鋼永鋒',
      creditCode: null,
      origin: 'domestic',
      sector: 'secondary',
      unitId: 'unit-dezhou-dev-zone',
      parkId: 'park-dezhou-econ',
      referrer: null,
      referrerAttachedOn: null,
      plannedInvestment: cny('600000000.00'),
      committedInvestment: null,
      signingKind: null,
      stage: 'lead',
      dates: { leadOn: '2023-12-31', signedOn: null, brokeGroundOn: null, completedOn: null, productionStartedOn: null, abandonedOn: null },
      facts: [],
      lastEventOn: '2023-12-31',
      lastStageOn: '2023-12-31',
      revision: 0,
    });
  });

  const life: ProjectEvent[] = [
    lead(),
    signed('2024-01-01', 'contract', cny('550000000.00')),
    { type: 'GroundBroken', data: { brokeGroundOn: '2024-02-29' } },
    { type: 'ProjectCompleted', data: { completedOn: '2024-12-31' } },
    { type: 'ProductionStarted', data: { startedOn: '2025-01-01' } },
  ];

  it.each([
    [1, 'signed', { signedOn: '2024-01-01' }, '2024-01-01'],
    [2, 'under_construction', { brokeGroundOn: '2024-02-29' }, '2024-02-29'],
    [3, 'completed', { completedOn: '2024-12-31' }, '2024-12-31'],
    [4, 'in_production', { productionStartedOn: '2025-01-01' }, '2025-01-01'],
  ] as const)('after %d stage events the project is %s', (upTo, stage, dates, lastEventOn) => {
    const p = project(life.slice(0, upTo + 1));
    expect(p.stage).toBe(stage);
    expect(p.dates).toMatchObject({ leadOn: '2023-12-31', ...dates });
    expect(p.lastEventOn).toBe(lastEventOn);
    expect(p.revision).toBe(upTo);
  });

  it('keeps every stage date through the life', () => {
    expect(project(life).dates).toEqual({
      leadOn: '2023-12-31',
      signedOn: '2024-01-01',
      brokeGroundOn: '2024-02-29',
      completedOn: '2024-12-31',
      productionStartedOn: '2025-01-01',
      abandonedOn: null,
    });
  });

  it('lets a contract replace an intent’s committed amount, keeping the first signing date (韓國西傑集團)', () => {
    const intent = { amount: '30000000.00', currency: 'USD', cnyRate: '7.1884', cny: '215652000.00' };
    const contract = { amount: '45000000.00', currency: 'USD', cnyRate: '7.1879', cny: '323455500.00' };
    const afterIntent = project([lead({ investor: '韓國西傑集團', origin: 'foreign' }), signed('2024-03-01', 'intent', intent)]);
    expect(afterIntent).toMatchObject({ stage: 'signed', signingKind: 'intent', committedInvestment: intent, dates: { signedOn: '2024-03-01' } });

    const afterContract = project([
      lead({ investor: '韓國西傑集團', origin: 'foreign' }),
      signed('2024-03-01', 'intent', intent),
      signed('2024-06-30', 'contract', contract),
    ]);
    expect(afterContract).toMatchObject({
      stage: 'signed',
      signingKind: 'contract',
      committedInvestment: contract,
      dates: { signedOn: '2024-03-01' },
      lastEventOn: '2024-06-30',
    });
  });

  it('does not move the stage back when a contract follows an intent after groundbreaking', () => {
    const p = project([
      lead(),
      signed('2024-03-01', 'intent', cny('100.00')),
      { type: 'GroundBroken', data: { brokeGroundOn: '2024-04-01' } },
      signed('2024-05-01', 'contract', cny('200.00')),
    ]);
    expect(p).toMatchObject({
      stage: 'under_construction',
      committedInvestment: cny('200.00'),
      dates: { signedOn: '2024-03-01', brokeGroundOn: '2024-04-01' },
    });
    // The contract is the latest stage: what follows it may not be dated before it.
    expect(p.lastStageOn).toBe('2024-05-01');
  });

  it('keeps lastStageOn at the latest stage date: facts, credit, referrer and voids do not move it', () => {
    const p = project([...life, funded('2025-03-01', cny('1.00')), taxed('2025-04-01', '1.00')]);
    expect(p).toMatchObject({ lastStageOn: '2025-01-01', lastEventOn: '2025-04-01' });
  });

  describe('counted facts and live totals', () => {
    // 金魚來保鮮設備: funding in USD, frozen CNY values; tax in CNY; a verification
    const events: ProjectEvent[] = [
      ...life,
      funded('2024-01-15', { amount: '350000.00', currency: 'USD', cnyRate: '8.2770', cny: '2896950.00' }), // ev-5
      funded('2024-01-20', cny('0.01')), // ev-6
      taxed('2025-02-15', '1200000.55'), // ev-7
      verified('2024-12-31', '90000000.00', '120000000.00', '30000000.00', '240000000.00'), // ev-8
      funded('2024-02-01', cny('1000000.00')), // ev-9, recorded late
    ];

    it('keeps each fact with its event id, type, date and frozen CNY value', () => {
      expect(project(events).facts).toEqual([
        {
          eventId: 'ev-5',
          type: 'FundingArrived',
          on: '2024-01-15',
          cny: '2896950.00',
          reference: 'ICBC-2024-01-15',
          slip: 'ICBC-2024-01-15',
          voided: false,
          unitId: 'unit-dezhou-dev-zone',
        },
        {
          eventId: 'ev-6',
          type: 'FundingArrived',
          on: '2024-01-20',
          cny: '0.01',
          reference: 'ICBC-2024-01-20',
          slip: 'ICBC-2024-01-20',
          voided: false,
          unitId: 'unit-dezhou-dev-zone',
        },
        {
          eventId: 'ev-7',
          type: 'TaxPaid',
          on: '2025-02-15',
          cny: '1200000.55',
          reference: 'TAX-2025-02-15',
          slip: 'TAX-2025-02-15',
          voided: false,
          unitId: 'unit-dezhou-dev-zone',
        },
        {
          eventId: 'ev-8',
          type: 'FixedAssetsVerified',
          on: '2024-12-31',
          cny: '240000000.00',
          reference: null,
          slip: null,
          voided: false,
          unitId: 'unit-dezhou-dev-zone',
        },
        {
          eventId: 'ev-9',
          type: 'FundingArrived',
          on: '2024-02-01',
          cny: '1000000.00',
          reference: 'ICBC-2024-02-01',
          slip: 'ICBC-2024-02-01',
          voided: false,
          unitId: 'unit-dezhou-dev-zone',
        },
      ]);
    });

    it('totals each type exactly', () => {
      const p = project(events);
      expect(liveTotal(p, 'FundingArrived')).toBe('3896950.01');
      expect(liveTotalFen(p, 'FundingArrived')).toBe(389695001n);
      expect(liveTotal(p, 'TaxPaid')).toBe('1200000.55');
      expect(liveTotal(p, 'FixedAssetsVerified')).toBe('240000000.00');
    });

    it('excludes voided facts from the totals, keeping them in the list', () => {
      const p = project([...events, voided(5, '2024-03-01', 'FundingArrived'), voided(7, '2025-03-01', 'TaxPaid')]);
      expect(liveTotal(p, 'FundingArrived')).toBe('1000000.01');
      expect(liveTotal(p, 'TaxPaid')).toBe('0.00');
      expect(liveTotal(p, 'FixedAssetsVerified')).toBe('240000000.00');
      expect(p.facts.filter((f) => f.voided).map((f) => f.eventId)).toEqual(['ev-5', 'ev-7']);
      expect(p.facts).toHaveLength(5);
    });

    it('totals zero before any fact', () => {
      expect(liveTotal(project(life), 'FundingArrived')).toBe('0.00');
    });

    it('takes the latest business date as lastEventOn, whatever order facts are recorded in', () => {
      expect(project(events).lastEventOn).toBe('2025-02-15');
      const late = project([...life.slice(0, 2), funded('2024-06-01', cny('1.00')), funded('2024-03-01', cny('1.00'))]);
      expect(late.lastEventOn).toBe('2024-06-01');
    });

    it('ignores a void of an unknown event id', () => {
      const p = project([...events, { type: 'FactVoided', data: { voidedEventId: 'ev-404', voidedType: 'TaxPaid', reason: 'x', on: '2025-03-01' } }]);
      expect(p.facts.every((f) => !f.voided)).toBe(true);
      expect(p.revision).toBe(events.length);
    });
  });

  describe('referrer', () => {
    it('is attached on the lead day when the lead names one', () => {
      expect(project([lead({ referrer })])).toMatchObject({ referrer, referrerAttachedOn: '2023-12-31' });
    });

    it('is attached on the assignment day when assigned later', () => {
      const p = project([...life, { type: 'ReferrerAssigned', data: { referrer, assignedOn: '2025-06-30' } }]);
      expect(p).toMatchObject({ referrer, referrerAttachedOn: '2025-06-30', lastEventOn: '2025-01-01' });
    });
  });

  it('moves the credit to the new unit (項目只認定一家)', () => {
    const p = project([
      lead(),
      { type: 'CreditReassigned', data: { fromUnitId: 'unit-dezhou-dev-zone', unitId: 'unit-xiajin', reason: '考核認定', on: '2024-01-05' } },
    ]);
    expect(p.unitId).toBe('unit-xiajin');
  });

  it('keeps on each fact the unit credited when it was recorded, whatever the credit later becomes', () => {
    const p = project([
      ...life.slice(0, 3),
      funded('2024-03-05', cny('50000000.00')), // ev-3
      { type: 'CreditReassigned', data: { fromUnitId: 'unit-dezhou-dev-zone', unitId: 'unit-xiajin', reason: '考核認定', on: '2024-04-01' } },
      funded('2024-05-05', cny('1000000.00')), // ev-5
    ]);
    expect(p.facts.map((f) => [f.eventId, f.unitId])).toEqual([
      ['ev-3', 'unit-dezhou-dev-zone'],
      ['ev-5', 'unit-xiajin'],
    ]);
  });

  it('abandons keeping the stage dates and facts; voids still apply afterwards', () => {
    const events: ProjectEvent[] = [
      ...life.slice(0, 3),
      funded('2024-03-05', cny('50000000.00')), // ev-3
      { type: 'ProjectAbandoned', data: { reason: '前熱後冷', abandonedOn: '2024-09-30' } },
      voided(3, '2024-10-08', 'FundingArrived'),
    ];
    const atAbandonment = project(events.slice(0, 5));
    expect(atAbandonment).toMatchObject({ stage: 'abandoned', dates: { brokeGroundOn: '2024-02-29', abandonedOn: '2024-09-30' }, revision: 4 });
    expect(liveTotal(atAbandonment, 'FundingArrived')).toBe('50000000.00');
    const afterVoid = project(events);
    expect(afterVoid.stage).toBe('abandoned');
    expect(liveTotal(afterVoid, 'FundingArrived')).toBe('0.00');
    expect(afterVoid.revision).toBe(5);
  });

  it('is pure: it never changes the state it is given', () => {
    const before = project(life.slice(0, 2));
    const snapshot = structuredClone(before);
    evolve(before, funded('2024-02-01', cny('1.00')), { eventId: 'ev-x', revision: 2 });
    evolve(before, { type: 'ProjectAbandoned', data: { reason: 'x', abandonedOn: '2024-02-01' } }, { eventId: 'ev-y', revision: 2 });
    expect(before).toEqual(snapshot);
  });
});
