import Database from 'better-sqlite3';
import { Projector } from '../../projector/index.js';
import type { ReadDb } from '../../projector/projection.js';
import { statementJson } from '../domain/statement.js';
import { RewardsLedger } from '../testing/rewards-ledger.js';
import { RewardsProjection } from './rewards.projection.js';
import { referrerKnown, statement, statements } from './rewards.queries.js';

const money = (amount: string) => ({ amount, currency: 'CNY' });

/** Two policies, three projects (one not productive, one assigned late), a payout, then a late tax. */
async function history(): Promise<RewardsLedger> {
  const l = new RewardsLedger();
  await l.policy('A', 300, '2024-01-01');
  await l.lead('p1', 'secondary', 'r1', '2024-03-01');
  await l.lead('p2', 'tertiary', 'r1', '2024-03-01');
  await l.lead('p3', 'primary', null, '2024-03-01');
  await l.policy('B', 500, '2025-01-01');
  await l.tax('p3', '500.00', '2025-01-15'); // before p3 had a referrer
  await l.assign('p3', 'r2', '2025-02-01');
  await l.assign('p3', 'r3', '2025-03-01'); // not the first referrer: ignored
  await l.tax('p1', '1000.00', '2026-06-30');
  await l.tax('p1', '2000.00', '2026-07-01');
  await l.tax('p2', '1000.00', '2026-03-01');
  await l.tax('p3', '1000.00', '2026-03-01');
  const wrong = await l.tax('p3', '9999.00', '2026-03-02');
  await l.void('p3', wrong, '2026-03-03');
  await l.pay('r1', '2026-H1', '2026-07-10');
  await l.tax('p1', '100.00', '2026-06-01'); // late, for the paid half year
  return l;
}

const PERIODS = ['2025-H1', '2025-H2', '2026-H1', '2026-H2', '2027-H1'];

const unsettled = (db: ReadDb) => db.prepare('SELECT referrer_id FROM rewards_unsettled ORDER BY referrer_id').pluck().all();

/** A process that dies between its batches and the settle after them. */
class CrashingBeforeSettle extends RewardsProjection {
  override settle(): void {
    throw new Error('crashed before the settle');
  }
}

describe('the rewards read model', () => {
  it('answers a referrer statement in the API shape', async () => {
    const l = await history();
    expect(statementJson(statement(l.db, 'r1', '2026-H2'))).toEqual({
      referrerId: 'r1',
      period: '2026-H2',
      lines: [{ projectId: 'p1', taxPaidCny: money('2000.00'), rateBps: 300, reward: money('60.00') }],
      adjustments: [{ projectId: 'p1', forPeriod: '2026-H1', amount: money('3.00'), reason: 'underpaid' }],
      total: money('63.00'),
      paid: null,
    });
    expect(statementJson(statement(l.db, 'r1', '2026-H1'))).toEqual({
      referrerId: 'r1',
      period: '2026-H1',
      lines: [{ projectId: 'p1', taxPaidCny: money('1000.00'), rateBps: 300, reward: money('30.00') }],
      adjustments: [],
      total: money('30.00'),
      paid: { amount: money('30.00'), paymentReference: 'PAY-r1-2026-H1', paidOn: '2026-07-10' },
    });
  });

  it('locks a late-assigned referral at the policy then in force and ignores a second referrer', async () => {
    const l = await history();
    expect(statementJson(statement(l.db, 'r2', '2026-H1')).lines).toEqual([
      { projectId: 'p3', taxPaidCny: money('1000.00'), rateBps: 500, reward: money('50.00') },
    ]);
    expect(statement(l.db, 'r2', '2025-H1').lines).toEqual([]);
    expect(statement(l.db, 'r3', '2026-H1').lines).toEqual([]);
  });

  it('lists a period for every referrer with the sum', async () => {
    const l = await history();
    const period = statements(l.db, '2026-H1');
    expect(period.statements.map((s) => [s.referrerId, s.totalFen, s.paid !== null])).toEqual([
      ['r1', 3000n, true],
      ['r2', 5000n, false],
    ]);
    expect(period.totalFen).toBe(8000n);
  });

  it('reports progress per referrer and knows which referrers exist', async () => {
    const l = await history();
    const progress: [number, number][] = [];
    statements(l.db, '2026-H1', (done, total) => progress.push([done, total]));
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect([referrerKnown(l.db, 'r1'), referrerKnown(l.db, 'r3')]).toEqual([true, false]);
  });

  it('rebuilds from zero to the same tables and statements', async () => {
    const l = await history();
    const fresh = new Projector(l.store, new Database(':memory:'), [new RewardsProjection()]);
    await fresh.catchUp();
    expect(fresh.dump('rewards')).toEqual(l.projector.dump('rewards'));
    for (const period of PERIODS) expect(statements(fresh.db, period)).toEqual(statements(l.db, period));

    await l.projector.rebuild(['rewards']);
    expect(l.projector.dump('rewards')).toEqual(fresh.dump('rewards'));
  });

  it('leaves the statements to the settle after the last batch, with nothing unsettled after it', async () => {
    const l = await history();
    expect(unsettled(l.db)).toEqual([]);
    const batched = new Projector(l.store, new Database(':memory:'), [new RewardsProjection()], { batchSize: 3 });
    await batched.catchUp();
    expect(unsettled(batched.db)).toEqual([]);
    expect(batched.dump('rewards')).toEqual(l.projector.dump('rewards'));
  });

  it('settles on the next start the referrers a crash left between the batches and their settle', async () => {
    const l = await history();
    const db = new Database(':memory:');
    const crashed = new Projector(l.store, db, [new CrashingBeforeSettle()], { batchSize: 4 });
    await crashed.catchUp();
    // Four full batches committed, the settle after them not: the touched referrers are recorded, no statement is written yet.
    expect(crashed.positions()).toEqual({ rewards: 16 });
    expect(unsettled(db)).toEqual(['r1', 'r2']);
    expect(statements(db, '2026-H1').statements).toEqual([]);

    const restarted = new Projector(l.store, db, [new RewardsProjection()]);
    await restarted.catchUp();
    expect(unsettled(db)).toEqual([]);
    expect(restarted.dump('rewards')).toEqual(l.projector.dump('rewards'));
  });
});
