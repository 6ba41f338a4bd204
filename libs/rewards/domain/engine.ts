/**
 * The statement engine: from the facts as they stand now, every referrer's half-year statements.
 *
 * 1. Owed lines: per referral and half year, the eligible tax, its locked rate and the reward (half-up
 *    per line), cut by the lifetime cap in period order. This is what each period should pay.
 * 2. Paid statements are frozen. Everything they paid is booked against (project, period) atoms: a
 *    paid line against its own period, a paid adjustment against the period it names. A period is
 *    settled once any of its atoms was paid (it was paid, or its negative total was carried into a
 *    statement that was paid).
 * 3. A settled period's difference (owed − booked), per project, becomes an adjustment on the earliest
 *    unpaid statement after it that has lines of its own, else on the half year after the latest paid one.
 * 4. An unpaid statement with a negative total hands all its items on to that same target, when there
 *    is one; the last open statement keeps a negative total.
 * 5. A period settled by a carry (its negative total went into a statement that was then paid) still
 *    shows its own lines and adjustments, and the carry-out line naming the paid statement: total 0.
 * Hence: payouts + open totals = owed, per project and period, always; see README.md.
 */
import { applyBasisPoints, compareText, halfYearOf, minFen, nextHalfYear, sumFen, type Fen } from '../../kernel/index.js';
import { earningPolicy, earns, type PolicyFact, type RewardFacts, type TaxFact } from './facts.js';
import { emptyStatement, statementTotal, type AdjustmentLine, type PaidStatement, type Statement, type StatementLine } from './statement.js';

interface OwedLine extends StatementLine {
  period: string;
}

/**
 * A referral that earns: its locked policy is in force and counts the project's sector
 * (`earningPolicy`), with its eligible tax (`earns`) summed per half year; a half year is present
 * once at least one payment in it earns. The read model keeps these sums; `byReferrer` makes them
 * from the facts.
 */
export interface EarningReferral {
  projectId: string;
  policy: Pick<PolicyFact, 'rateBps' | 'lifetimeCapFen'>;
  taxByPeriod: ReadonlyMap<string, Fen>;
}

/** What one referrer's statements are made of: their earning referrals and their paid statements. */
export interface ReferrerFacts {
  referrals: readonly EarningReferral[];
  payouts: readonly PaidStatement[];
}

function owedLines(referrals: readonly EarningReferral[]): OwedLine[] {
  const owed: OwedLine[] = [];
  for (const { projectId, policy, taxByPeriod } of referrals) {
    let rewarded = 0n;
    for (const [period, taxPaidFen] of [...taxByPeriod].sort(([a], [b]) => compareText(a, b))) {
      const full = applyBasisPoints(taxPaidFen, policy.rateBps);
      const rewardFen = policy.lifetimeCapFen === null ? full : minFen(full, policy.lifetimeCapFen - rewarded);
      rewarded += rewardFen;
      owed.push({ projectId, period, taxPaidFen, rateBps: policy.rateBps, rewardFen });
    }
  }
  return owed;
}

interface Atom {
  projectId: string;
  period: string;
  owed: Fen;
  booked: Fen;
}

interface Bucket {
  lines: StatementLine[];
  adjustments: AdjustmentLine[];
}

/** Every statement of one referrer: open, carried away and paid, by period. */
export function referrerStatements(referrerId: string, facts: ReferrerFacts): Statement[] {
  const atoms = new Map<string, Atom>();
  const atom = (projectId: string, period: string): Atom => {
    const key = `${period}|${projectId}`;
    const found = atoms.get(key) ?? { projectId, period, owed: 0n, booked: 0n };
    atoms.set(key, found);
    return found;
  };
  for (const paid of facts.payouts) {
    for (const l of paid.lines) atom(l.projectId, paid.period).booked += l.rewardFen;
    for (const a of paid.adjustments) if (a.projectId !== null) atom(a.projectId, a.forPeriod).booked += a.amountFen;
  }
  const settled = new Set([...facts.payouts.map((p) => p.period), ...[...atoms.values()].map((a) => a.period)]);

  const buckets = new Map<string, Bucket>();
  const bucket = (period: string): Bucket => {
    const found = buckets.get(period) ?? { lines: [], adjustments: [] };
    buckets.set(period, found);
    return found;
  };
  const settledLines = new Map<string, StatementLine[]>();
  for (const { period, ...line } of owedLines(facts.referrals)) {
    if (settled.has(period)) {
      atom(line.projectId, period).owed += line.rewardFen;
      settledLines.set(period, [...(settledLines.get(period) ?? []), line]);
    } else bucket(period).lines.push(line);
  }

  const latestPaid = facts.payouts
    .map((p) => p.period)
    .sort(compareText)
    .at(-1);
  const targets = [...new Set([...buckets.keys(), ...(latestPaid ? [nextHalfYear(latestPaid)] : [])])].sort(compareText);
  const targetAfter = (period: string): string | undefined => targets.find((t) => t > period);

  for (const a of atoms.values()) {
    const difference = a.owed - a.booked;
    if (difference === 0n) continue;
    // A settled period lies before the half year after the latest paid one, so a target always exists.
    bucket(targetAfter(a.period)!).adjustments.push({
      projectId: a.projectId,
      forPeriod: a.period,
      amountFen: difference,
      reason: difference > 0n ? 'underpaid' : 'overpaid',
    });
  }

  // Targets ascend and a carry only goes to a later target, so each bucket is complete when reached.
  for (const period of targets) {
    const from = buckets.get(period);
    const to = targetAfter(period);
    if (!from || to === undefined) continue;
    const total = statementTotal(from.lines, from.adjustments);
    if (total >= 0n) continue;
    bucket(to).adjustments.push(...carried(from, period));
    from.adjustments.push({ projectId: null, forPeriod: to, amountFen: -total, reason: 'carried_forward' });
  }

  const open: Statement[] = [...buckets].map(([period, b]) => ({
    referrerId,
    period,
    lines: [...b.lines].sort((x, y) => compareText(x.projectId, y.projectId)),
    adjustments: [...b.adjustments].sort(byAdjustment),
    totalFen: statementTotal(b.lines, b.adjustments),
    paid: null,
  }));
  const paidPeriods = new Set(facts.payouts.map((p) => p.period));
  const carriedAway = [...settled]
    .filter((period) => !paidPeriods.has(period))
    .flatMap((period) => {
      const shown = carriedStatement(referrerId, period, settledLines.get(period) ?? [], facts.payouts);
      return shown ? [shown] : [];
    });
  return [...open, ...carriedAway, ...facts.payouts].sort((x, y) => compareText(x.period, y.period));
}

/**
 * A period that was never paid itself but settled because its negative total was carried into a
 * statement that was paid: its lines (the tax paid in it, as owed now), the adjustments it handed on
 * (in the paying statement, the items named for periods before it: no later period's items reach an
 * earlier target), and the carry-out line naming the paying statement, so its total is 0.
 */
function carriedStatement(referrerId: string, period: string, lines: StatementLine[], payouts: readonly PaidStatement[]): Statement | null {
  const paying = payouts
    .filter((p) => p.period > period && p.adjustments.some((a) => a.projectId !== null && a.forPeriod === period && a.reason === 'carried_forward'))
    .sort((x, y) => compareText(x.period, y.period))[0];
  if (!paying) return null;
  const handedOn = paying.adjustments.filter((a) => a.projectId !== null && a.forPeriod < period);
  const carriedOut: AdjustmentLine = { projectId: null, forPeriod: paying.period, amountFen: -statementTotal(lines, handedOn), reason: 'carried_forward' };
  const adjustments = [...handedOn, carriedOut].sort(byAdjustment);
  return {
    referrerId,
    period,
    lines: [...lines].sort((x, y) => compareText(x.projectId, y.projectId)),
    adjustments,
    totalFen: statementTotal(lines, adjustments),
    paid: null,
  };
}

function carried(from: Bucket, period: string): AdjustmentLine[] {
  const lines = from.lines
    .filter((l) => l.rewardFen !== 0n)
    .map((l): AdjustmentLine => ({ projectId: l.projectId, forPeriod: period, amountFen: l.rewardFen, reason: 'carried_forward' }));
  return [...lines, ...from.adjustments];
}

/** By the period named, then project; the carry-out line (no project) last. */
function byAdjustment(x: AdjustmentLine, y: AdjustmentLine): number {
  if ((x.projectId === null) !== (y.projectId === null)) return x.projectId === null ? 1 : -1;
  return compareText(x.forPeriod, y.forPeriod) || compareText(x.projectId ?? '', y.projectId ?? '') || compareText(x.reason, y.reason);
}

/**
 * Splits the facts per referrer: their earning referrals with each one's eligible tax per half year,
 * and their payouts. This is the reference path from the facts; the read model keeps the same sums.
 */
function byReferrer(facts: RewardFacts): Map<string, ReferrerFacts> {
  const taxesOf = new Map<string, TaxFact[]>();
  for (const t of facts.taxes) taxesOf.set(t.projectId, [...(taxesOf.get(t.projectId) ?? []), t]);
  const groups = new Map<string, { referrals: EarningReferral[]; payouts: PaidStatement[] }>();
  const group = (referrerId: string) => {
    const found = groups.get(referrerId) ?? { referrals: [], payouts: [] };
    groups.set(referrerId, found);
    return found;
  };
  for (const r of facts.referrals) {
    const g = group(r.referrerId);
    const policy = earningPolicy(facts.policies, r);
    if (!policy) continue;
    const taxByPeriod = new Map<string, Fen>();
    for (const tax of taxesOf.get(r.projectId) ?? []) {
      if (!earns(tax, r, policy)) continue;
      const period = halfYearOf(tax.paidOn);
      taxByPeriod.set(period, (taxByPeriod.get(period) ?? 0n) + tax.amountFen);
    }
    g.referrals.push({ projectId: r.projectId, policy, taxByPeriod });
  }
  for (const p of facts.payouts) group(p.referrerId).payouts.push(p);
  return groups;
}

export interface PeriodStatements {
  period: string;
  /** Referrers with anything on their statement for the period, by id. */
  statements: Statement[];
  totalFen: Fen;
}

/** Every referrer's statement for the period; `onProgress` hears after each referrer (for long exports). */
export function periodStatements(facts: RewardFacts, period: string, onProgress?: (done: number, total: number) => void): PeriodStatements {
  const groups = [...byReferrer(facts)];
  const statements: Statement[] = [];
  groups.forEach(([referrerId, own], i) => {
    const found = referrerStatements(referrerId, own).find((s) => s.period === period);
    if (found) statements.push(found);
    onProgress?.(i + 1, groups.length);
  });
  statements.sort((x, y) => compareText(x.referrerId, y.referrerId));
  return { period, statements, totalFen: sumFen(statements.map((s) => s.totalFen)) };
}

export function statementOf(facts: RewardFacts, referrerId: string, period: string): Statement {
  return periodStatements(facts, period).statements.find((s) => s.referrerId === referrerId) ?? emptyStatement(referrerId, period);
}
