/**
 * Random histories of policies, referrals, tax payments (many recorded late), voids, repeals and payouts,
 * written as events through the read model. Whatever happens: what was paid plus what the open
 * statements say equals the reward owed on every live payment (capped), no half year is paid twice,
 * paid statements never change, only the latest open statement can be negative, and a rebuild from
 * zero in batches of three (many applied before the one settle at the end) gives the same statements.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { Conflict, RuleViolation, addDays, applyBasisPoints, fromFen, halfYearOf, maxDate, minFen, nextHalfYear, type Fen } from '../../kernel/index.js';
import { Projector } from '../../projector/index.js';
import { type Sector, SECTORS } from '../../projects/domain/index.js';
import { statementJson, type StatementJson } from '../domain/statement.js';
import { RewardsLedger } from '../testing/rewards-ledger.js';
import { RewardsProjection } from './rewards.projection.js';
import { statement, statements } from './rewards.queries.js';

const START = '2024-07-01';
const REFERRERS = ['r0', 'r1'];

const anyPolicy = fc.record({
  rateBps: fc.integer({ min: 1, max: 10_000 }),
  effectiveIn: fc.nat(450),
  cap: fc.option(fc.bigInt(1n, 5_000_000n), { freq: 2 }),
  sectors: fc.oneof(
    { weight: 3, arbitrary: fc.constant<Sector[]>(['primary', 'secondary']) },
    { weight: 1, arbitrary: fc.subarray([...SECTORS], { minLength: 1 }) },
  ),
});
const anyLead = fc.record({
  sector: fc.constantFrom<Sector>('primary', 'secondary', 'secondary', 'secondary', 'tertiary', 'real_estate'),
  referrer: fc.option(fc.constantFrom(...REFERRERS), { freq: 8 }),
  leadIn: fc.nat(180),
});
/** Dense histories: one policy in force from the start and every project referred, so payouts, voids after them and carries are common. */
const plainPolicy = fc.record({
  rateBps: fc.integer({ min: 100, max: 10_000 }),
  effectiveIn: fc.constant(0),
  cap: fc.option(fc.bigInt(1n, 50_000_000n), { freq: 4 }),
  sectors: fc.constant<Sector[]>(['primary', 'secondary']),
});
const referredLead = fc.record({ sector: fc.constant<Sector>('secondary'), referrer: fc.constantFrom(...REFERRERS), leadIn: fc.nat(180) });
const stepArb = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('tax' as const), project: fc.nat(3), back: fc.nat(300), amount: fc.bigInt(1n, 100_000_000n) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('pay' as const), referrer: fc.constantFrom(...REFERRERS), back: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('assign' as const), project: fc.nat(3), referrer: fc.constantFrom(...REFERRERS), back: fc.nat(200) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeal' as const), policy: fc.nat(1), shift: fc.integer({ min: -300, max: 100 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 200 }) }) },
);
const history = <P, L>(policy: fc.Arbitrary<P>, lead: fc.Arbitrary<L>) =>
  fc.record({
    policies: fc.array(policy, { minLength: 1, maxLength: 2 }),
    leads: fc.array(lead, { minLength: 4, maxLength: 4 }),
    steps: fc.array(stepArb, { minLength: 20, maxLength: 60 }),
  });
const historyArb = fc.oneof(history(anyPolicy, anyLead), history(plainPolicy, referredLead));

/** The oracle: the rules restated as plainly as possible, replayed beside the ledger. */
interface OraclePolicy {
  rateBps: number;
  sectors: Sector[];
  effectiveFrom: string;
  capFen: Fen | null;
  repealedFrom: string | null;
}
interface OracleProject {
  sector: Sector;
  leadOn: string;
  referral: { referrerId: string; on: string; policy: OraclePolicy | null } | null;
}
interface OracleTax {
  eventId: string;
  project: number;
  fen: Fen;
  paidOn: string;
  voided: boolean;
}

function lock(policies: OraclePolicy[], on: string): OraclePolicy | null {
  const inForce = policies.filter((p) => p.effectiveFrom <= on);
  // Latest effective date; a tie goes to the later one recorded (later in the array).
  const latest = inForce.reduce<OraclePolicy | null>((best, p) => (best === null || p.effectiveFrom >= best.effectiveFrom ? p : best), null);
  return latest && (latest.repealedFrom === null || latest.repealedFrom > on) ? latest : null;
}

function owed(projects: OracleProject[], taxes: OracleTax[], referrerId: string): Fen {
  let total = 0n;
  projects.forEach((project, i) => {
    const r = project.referral;
    const policy = r?.policy;
    if (!r || r.referrerId !== referrerId || !policy || !policy.sectors.includes(project.sector)) return;
    const perHalf = new Map<string, Fen>();
    for (const t of taxes) {
      if (t.project !== i || t.voided || t.paidOn < r.on || (policy.repealedFrom !== null && t.paidOn >= policy.repealedFrom)) continue;
      perHalf.set(halfYearOf(t.paidOn), (perHalf.get(halfYearOf(t.paidOn)) ?? 0n) + t.fen);
    }
    const reward = [...perHalf.values()].reduce((sum, fen) => sum + applyBasisPoints(fen, policy.rateBps), 0n);
    total += policy.capFen === null ? reward : minFen(reward, policy.capFen);
  });
  return total;
}

function periodsUpTo(today: string): string[] {
  const periods = ['2024-H1'];
  while (periods.at(-1)! < halfYearOf(today)) periods.push(nextHalfYear(periods.at(-1)!));
  return periods;
}

/** The last half year that has ended by `today`, `back` half years earlier (not before 2024-H1). */
function endedHalf(today: string, back: number): string {
  const ended = periodsUpTo(today).slice(0, -1);
  return ended[Math.max(0, ended.length - 1 - back)];
}

describe('rewards property: nothing lost, nothing paid twice', () => {
  it('holds over random histories, and a rebuild gives the same statements', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async (h) => {
        const ledger = new RewardsLedger();
        let today = START;
        const policies: OraclePolicy[] = [];
        for (const [i, p] of h.policies.entries()) {
          const policy: OraclePolicy = {
            rateBps: p.rateBps,
            sectors: p.sectors,
            effectiveFrom: addDays('2023-01-01', p.effectiveIn),
            capFen: p.cap,
            repealedFrom: null,
          };
          policies.push(policy);
          await ledger.policy(`P${i}`, p.rateBps, policy.effectiveFrom, { sectors: p.sectors, cap: p.cap === null ? undefined : fromFen(p.cap) });
        }
        const projects: OracleProject[] = [];
        for (const [i, l] of h.leads.entries()) {
          const leadOn = addDays('2024-01-01', l.leadIn);
          projects.push({
            sector: l.sector,
            leadOn,
            referral: l.referrer === null ? null : { referrerId: l.referrer, on: leadOn, policy: lock(policies, leadOn) },
          });
          await ledger.lead(`p${i}`, l.sector, l.referrer, leadOn);
        }
        const taxes: OracleTax[] = [];
        const frozen = new Map<string, StatementJson>();

        for (const step of h.steps) {
          switch (step.kind) {
            case 'advance':
              today = addDays(today, step.days);
              break;
            case 'tax': {
              const paidOn = maxDate('2024-01-01', addDays(today, -step.back));
              const eventId = await ledger.tax(`p${step.project}`, fromFen(step.amount), paidOn);
              taxes.push({ eventId, project: step.project, fen: step.amount, paidOn, voided: false });
              break;
            }
            case 'void':
              await ledger.voidOneOf(taxes, step.pick, today);
              break;
            case 'assign': {
              const project = projects[step.project];
              if (project.referral) break;
              const on = maxDate(project.leadOn, addDays(today, -step.back));
              project.referral = { referrerId: step.referrer, on, policy: lock(policies, on) };
              await ledger.assign(`p${step.project}`, step.referrer, on);
              break;
            }
            case 'repeal': {
              const policy = policies[step.policy];
              if (!policy || policy.repealedFrom !== null) break;
              policy.repealedFrom = maxDate(policy.effectiveFrom, addDays(today, step.shift));
              await ledger.repeal(`P${step.policy}`, policy.repealedFrom);
              break;
            }
            case 'pay': {
              const period = endedHalf(today, step.back);
              const key = `${step.referrer} ${period}`;
              const due = statement(ledger.db, step.referrer, period).totalFen;
              try {
                await ledger.pay(step.referrer, period, today);
                frozen.set(key, statementJson(statement(ledger.db, step.referrer, period)));
              } catch (error) {
                if (frozen.has(key)) {
                  expect(error).toBeInstanceOf(Conflict);
                } else {
                  expect(error).toBeInstanceOf(RuleViolation);
                  expect(due).toBeLessThanOrEqual(0n);
                }
              }
              break;
            }
          }
        }

        const periods = periodsUpTo(today);
        for (const referrerId of REFERRERS) {
          const mine = periods.flatMap((p) => statements(ledger.db, p).statements.filter((s) => s.referrerId === referrerId));
          const paid = mine.filter((s) => s.paid !== null);
          const open = mine.filter((s) => s.paid === null);
          const paidFen = paid.reduce((sum, s) => sum + s.paid!.amountFen, 0n);
          const openFen = open.reduce((sum, s) => sum + s.totalFen, 0n);
          expect(fromFen(paidFen + openFen)).toBe(fromFen(owed(projects, taxes, referrerId)));
          expect(new Set(paid.map((s) => s.period)).size).toBe(paid.length);
          expect(open.slice(0, -1).filter((s) => s.totalFen < 0n)).toEqual([]);
        }
        const payouts = (await ledger.store.readAll(0, 100_000)).filter((e) => e.type === 'PayoutRecorded');
        expect(payouts).toHaveLength(frozen.size);
        for (const [key, json] of frozen) {
          const [referrerId, period] = key.split(' ');
          expect(statementJson(statement(ledger.db, referrerId, period))).toEqual(json);
        }

        const rebuilt = new Projector(ledger.store, new Database(':memory:'), [new RewardsProjection()], { batchSize: 3 });
        await rebuilt.catchUp();
        for (const p of periods) expect(statements(rebuilt.db, p)).toEqual(statements(ledger.db, p));
        expect(rebuilt.db.prepare('SELECT count(*) FROM rewards_unsettled').pluck().get()).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});
