/**
 * The statements the read model keeps against the reference: the pure engine run on the facts folded
 * straight from the events (`factsFromEvents` + `periodStatements`, the way every read computed them
 * before the read model kept them). Random histories of several policies (caps, sectors, effective
 * dates), late referrers, tax paid late and on half-year boundaries, voids, repeals and payouts:
 * every referrer's statement of every half year is the same, field by field and byte by byte in the
 * API's JSON, before each payout and at the end; and a rebuild in batches of any size (often small:
 * many batches applied before the one settle at the end) gives the same tables as the live model that
 * saw one event at a time and settled after each, nothing left unsettled.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { Conflict, RuleViolation, addDays, cny, fromFen, halfYearOf, maxDate, nextHalfYear } from '../../kernel/index.js';
import { Projector } from '../../projector/index.js';
import { type Sector, SECTORS } from '../../projects/domain/index.js';
import { periodStatements, statementOf } from '../domain/engine.js';
import { statementJson } from '../domain/statement.js';
import { factsFromEvents } from '../testing/facts-from-events.js';
import { RewardsLedger } from '../testing/rewards-ledger.js';
import { RewardsProjection } from './rewards.projection.js';
import { statement, statements, statementsJson } from './rewards.queries.js';

const START = '2024-07-01';
const REFERRERS = ['r0', 'r1', 'r2'];
const PROJECTS = 5;

interface PolicyDraw {
  rateBps: number;
  effectiveIn: number;
  cap: bigint | null;
  sectors: Sector[];
}
const policyArb: fc.Arbitrary<PolicyDraw> = fc.record({
  rateBps: fc.integer({ min: 1, max: 10_000 }),
  effectiveIn: fc.nat(700),
  cap: fc.option(fc.bigInt(1n, 2_000_000n), { freq: 2 }),
  sectors: fc.oneof(
    { weight: 3, arbitrary: fc.constant<Sector[]>(['primary', 'secondary']) },
    { weight: 1, arbitrary: fc.subarray([...SECTORS], { minLength: 1 }) },
  ),
});
const leadArb = fc.record({
  sector: fc.constantFrom<Sector>('primary', 'secondary', 'secondary', 'tertiary'),
  referrer: fc.option(fc.constantFrom(...REFERRERS), { freq: 5 }),
  leadIn: fc.nat(400),
});
/** Small amounts make rounding bite (half-up per line); large ones make caps bite. */
const amountArb = fc.oneof(fc.bigInt(1n, 300n), fc.bigInt(1n, 50_000_000n));
const stepArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('tax' as const), project: fc.nat(PROJECTS - 1), back: fc.nat(400), amount: amountArb }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('edge' as const), project: fc.nat(PROJECTS - 1), back: fc.nat(3), first: fc.boolean(), amount: amountArb }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('pay' as const), referrer: fc.constantFrom(...REFERRERS), back: fc.nat(3) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('assign' as const), project: fc.nat(PROJECTS - 1), referrer: fc.constantFrom(...REFERRERS), back: fc.nat(300) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('policy' as const), policy: policyArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeal' as const), policy: fc.nat(3), shift: fc.integer({ min: -400, max: 100 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 200 }) }) },
);
const historyArb = fc.record({
  policies: fc.array(policyArb, { minLength: 1, maxLength: 2 }),
  leads: fc.array(leadArb, { minLength: PROJECTS, maxLength: PROJECTS }),
  steps: fc.array(stepArb, { minLength: 10, maxLength: 50 }),
  batchSize: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 40 })),
  batchesPerTransaction: fc.integer({ min: 2, max: 50 }),
});

function halfYears(from: string, to: string): string[] {
  const periods = [from];
  while (periods.at(-1)! < to) periods.push(nextHalfYear(periods.at(-1)!));
  return periods;
}

/** The first or last day of the half year `back` half years before today's (not after today). */
function boundary(today: string, back: number, first: boolean): string {
  const periods = halfYears('2024-H1', halfYearOf(today));
  const [year, half] = periods[Math.max(0, periods.length - 1 - back)].split('-');
  const day = first ? `${year}-${half === 'H1' ? '01-01' : '07-01'}` : `${year}-${half === 'H1' ? '06-30' : '12-31'}`;
  return day > today ? today : day;
}

/** A write the deciders refuse (paid already, nothing to pay, too early, repealed twice) is part of the history; anything else is a failure. */
function refusedOnly(error: unknown): void {
  if (!(error instanceof RuleViolation || error instanceof Conflict)) throw error;
}

async function expectSameAsReference(ledger: RewardsLedger, periods: string[]): Promise<void> {
  const facts = factsFromEvents(await ledger.store.readAll(0, 1_000_000));
  for (const period of periods) {
    const kept = statements(ledger.db, period);
    const reference = periodStatements(facts, period);
    expect(kept).toEqual(reference);
    // What GET /v1/statements/{period} answers, byte for byte.
    const answer = { period, statements: reference.statements.map(statementJson), total: cny(reference.totalFen) };
    expect(JSON.stringify(statementsJson(ledger.db, period))).toBe(JSON.stringify(answer));
    for (const referrerId of REFERRERS) expect(statement(ledger.db, referrerId, period)).toEqual(statementOf(facts, referrerId, period));
  }
}

describe('rewards read model: statements equal the engine run on the facts', () => {
  it('holds over random histories, live and rebuilt in batches', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async (h) => {
        const ledger = new RewardsLedger();
        let today = START;
        let policies = 0;
        const issue = (p: PolicyDraw, on: string) =>
          ledger.policy(`P${policies++}`, p.rateBps, on, { sectors: p.sectors, cap: p.cap === null ? undefined : fromFen(p.cap) });
        for (const p of h.policies) await issue(p, addDays('2023-01-01', p.effectiveIn));
        const leads = h.leads.map((l) => ({ ...l, leadOn: addDays('2024-01-01', l.leadIn), referred: l.referrer !== null }));
        for (const [i, l] of leads.entries()) await ledger.lead(`p${i}`, l.sector, l.referrer, l.leadOn);
        const taxes: { eventId: string; project: number; paidOn: string; voided: boolean }[] = [];
        const tax = async (project: number, amount: bigint, paidOn: string) => {
          const on = maxDate(leads[project].leadOn, paidOn);
          taxes.push({ eventId: await ledger.tax(`p${project}`, fromFen(amount), on), project, paidOn: on, voided: false });
        };

        for (const step of h.steps) {
          switch (step.kind) {
            case 'advance':
              today = addDays(today, step.days);
              break;
            case 'tax':
              await tax(step.project, step.amount, maxDate('2024-01-01', addDays(today, -step.back)));
              break;
            case 'edge':
              await tax(step.project, step.amount, boundary(today, step.back, step.first));
              break;
            case 'void':
              await ledger.voidOneOf(taxes, step.pick, today);
              break;
            case 'assign': {
              const lead = leads[step.project];
              if (lead.referred) break;
              lead.referred = true;
              await ledger.assign(`p${step.project}`, step.referrer, maxDate(lead.leadOn, addDays(today, -step.back)));
              break;
            }
            case 'policy':
              await issue(step.policy, addDays('2023-01-01', step.policy.effectiveIn));
              break;
            case 'repeal':
              if (step.policy >= policies) break;
              await ledger.repeal(`P${step.policy}`, maxDate('2023-01-01', addDays(today, step.shift))).catch(refusedOnly);
              break;
            case 'pay': {
              const ended = halfYears('2024-H1', halfYearOf(today)).slice(0, -1);
              if (ended.length === 0) break;
              const period = ended[Math.max(0, ended.length - 1 - step.back)];
              await expectSameAsReference(ledger, [period]);
              // Refused when paid already, not positive or paid too early: the reference must agree either way.
              await ledger.pay(step.referrer, period, today).catch(refusedOnly);
              break;
            }
          }
        }
        await expectSameAsReference(ledger, halfYears('2023-H2', nextHalfYear(nextHalfYear(halfYearOf(today)))));

        const rebuilt = new Projector(ledger.store, new Database(':memory:'), [new RewardsProjection()], { batchSize: h.batchSize });
        await rebuilt.catchUp();
        expect(rebuilt.dump('rewards')).toEqual(ledger.projector.dump('rewards'));
        expect(rebuilt.dump('rewards').rewards_unsettled).toEqual([]);
        // A rebuild's transaction spans batches: taxes and earnings held over them (a void or a refill of a tax not yet written) give the same.
        const spanning = new Projector(ledger.store, new Database(':memory:'), [new RewardsProjection()], {
          rebuildBatchSize: h.batchSize,
          rebuildCommitEvery: h.batchSize * h.batchesPerTransaction,
        });
        await spanning.rebuild();
        expect(spanning.dump('rewards')).toEqual(ledger.projector.dump('rewards'));
      }),
      { numRuns: 150 },
    );
  }, 300_000);
});
