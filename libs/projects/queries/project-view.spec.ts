import type { ProjectEvent } from '../domain/events.js';
import { evolve } from '../domain/evolve.js';
import type { ProjectState } from '../domain/state.js';
import { summarize } from '../domain/summary.js';
import { projectView } from './project-view.js';

const fact = (amount: string) => ({ amount, currency: 'CNY', cny: amount });

function fold(events: ProjectEvent[]): ProjectState {
  return events.reduce<ProjectState>((s, e, i) => evolve(s, e, { eventId: `ev-${i}`, revision: i }), null);
}

const lead: ProjectEvent = {
  type: 'LeadRegistered',
  data: {
    projectId: 'p1',
    name: '軋鋼項目',
    investor: '萊鋼永鋒',
    origin: 'domestic',
    sector: 'secondary',
    plannedInvestment: fact('500000000.00'),
    unitId: 'qingyun',
    parkId: null,
    referrer: null,
    leadOn: '2026-01-05',
    distinctFrom: null,
  },
};
const signed: ProjectEvent = { type: 'ProjectSigned', data: { kind: 'contract', committedInvestment: fact('3000.00'), signedOn: '2026-02-01' } };
const funding = (amount: string): ProjectEvent => ({ type: 'FundingArrived', data: { amount: fact(amount), bankReference: 'B', arrivedOn: '2026-03-01' } });

describe('projectView funding-arrival rate', () => {
  it.each([
    [[] as string[], 0, '0.00'],
    [['1000.00'], 0.3333, '1000.00'],
    [['1000.00', '2000.00'], 1, '3000.00'],
    // Over-funded: the rate stops at 1, the amount still shows everything that arrived.
    [['1000.00', '2000.00', '500.00'], 1, '3500.00'],
  ])('with tranches %j the rate is %d and arrived %s', (tranches, rate, arrived) => {
    const view = projectView(summarize(fold([lead, signed, ...tranches.map(funding)])!));
    expect(view.fundingArrivalRate).toBe(rate);
    expect(view.fundingArrivedCny).toEqual({ amount: arrived, currency: 'CNY' });
  });

  it('has no rate before signing', () => {
    expect(projectView(summarize(fold([lead])!)).fundingArrivalRate).toBeNull();
  });
});
