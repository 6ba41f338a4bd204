/**
 * `npm run bench`: speed and memory targets, measured on the embedded store. Prints each figure
 * beside its target and exits non-zero when one is missed. Not part of `npm test`: timing belongs here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { NO_STREAM, SqliteEventStore } from '../libs/event-store/index.js';
import { Projector } from '../libs/projector/index.js';
import { projectsProjections } from '../libs/projects/index.js';
import { rewardsProjections } from '../libs/rewards/index.js';
import { statements } from '../libs/rewards/read-model/rewards.queries.js';
import { townshipsProjections } from '../libs/townships/index.js';
import { assessmentProjections } from '../libs/assessment/index.js';
import { CredentialStore } from '../libs/accounts/credentials/credential-store.js';
import { hashPassword, verifyPassword } from '../libs/accounts/credentials/passwords.js';
import { newSessionToken } from '../libs/accounts/credentials/secrets.js';

const TARGETS = {
  // Every append is its own fsync (synchronous=FULL): the disk, not the code, sets this.
  appendsPerSecond: 100,
  concurrentAppendsPerSecond: 1_000,
  rebuildEventsPerSecond: 5_000,
  rssMegabytes: 400,
  /** Every referrer's half-year statement, computed from the facts on read. */
  statementsMilliseconds: 2_000,
  /** One sign-in's scrypt: slow enough to cost a guesser, fast enough for a person. */
  passwordVerifyMilliseconds: 500,
  /** Every request with a session token looks it up by its hash. */
  sessionLookupsPerSecond: 20_000,
};

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);

function lead(i: number, referrerId: string | null = null) {
  return {
    type: 'LeadRegistered',
    data: {
      projectId: `p${i}`,
      name: `項目 ${i}`,
      investor: `投資方 ${i % 500}`,
      origin: 'domestic',
      sector: 'secondary',
      plannedInvestment: { amount: '1000000.00', currency: 'CNY', cny: '1000000.00' },
      unitId: 'xiajin',
      parkId: null,
      referrer: referrerId && { referrerId, name: `引薦人 ${referrerId}`, kind: 'person' },
      leadOn: '2026-01-05',
      distinctFrom: null,
    },
    occurredOn: '2026-01-05',
    actor: 'bench',
    role: 'recorder',
  };
}

function funding(i: number) {
  return {
    type: 'FundingArrived',
    data: { amount: { amount: '1000.00', currency: 'CNY', cny: '1000.00' }, bankReference: `B${i}`, arrivedOn: '2026-02-01' },
    occurredOn: '2026-02-01',
    actor: 'bench',
    role: 'recorder',
  };
}

function policy() {
  return {
    type: 'RewardPolicyIssued',
    data: { policyId: 'bench', rateBps: 300, productiveSectors: ['primary', 'secondary'], effectiveFrom: '2020-01-01', lifetimeCap: null },
    occurredOn: '2020-01-01',
    actor: 'bench',
    role: 'admin',
  };
}

/** Production, then a tax payment every month from January 2024. */
function taxes(months: number) {
  const started = { type: 'ProductionStarted', data: { startedOn: '2026-01-05' }, occurredOn: '2026-01-05', actor: 'bench', role: 'recorder' };
  return [
    started,
    ...Array.from({ length: months }, (_, m) => {
      const month = `${2024 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
      const paidOn = `${month}-15`;
      return {
        type: 'TaxPaid',
        data: { amount: { amount: '12345.67', currency: 'CNY', cny: '12345.67' }, taxMonth: month, paymentReference: `T${m}`, paidOn },
        occurredOn: paidOn,
        actor: 'bench',
        role: 'recorder',
      };
    }),
  ];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
  const results: [string, number, number, boolean][] = [];
  try {
    // Durable single appends (each its own fsync'd transaction), the way the API writes.
    const singles = 1_000;
    let t = performance.now();
    for (let i = 0; i < singles; i++) await store.append(`project-s${i}`, [lead(i) as never], { expectedRevision: NO_STREAM });
    const appendsPerSecond = singles / ((performance.now() - t) / 1000);
    results.push(['durable appends / s', appendsPerSecond, TARGETS.appendsPerSecond, appendsPerSecond >= TARGETS.appendsPerSecond]);

    // The same durable appends from 50 concurrent writers: group commit shares each fsync.
    const writers = 50;
    const each = 40;
    t = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < each; i++) await store.append(`project-c${w}-${i}`, [lead(i) as never], { expectedRevision: NO_STREAM });
      }),
    );
    const concurrentPerSecond = (writers * each) / ((performance.now() - t) / 1000);
    results.push(['durable appends / s, 50 writers', concurrentPerSecond, TARGETS.concurrentAppendsPerSecond, concurrentPerSecond >= TARGETS.concurrentAppendsPerSecond]);

    // A larger ledger for rebuild: projects with funding tranches.
    const projects = Math.ceil(EVENTS / 10);
    for (let i = 0; i < projects; i++) {
      await store.append(`project-p${i}`, [lead(i), ...Array.from({ length: 9 }, (_, k) => funding(k))] as never, {
        expectedRevision: NO_STREAM,
      });
    }
    // Referred projects paying monthly tax for three years, for the statements figure.
    const referrers = 300;
    await store.append('reward-policy-bench', [policy()] as never, { expectedRevision: NO_STREAM });
    for (let r = 0; r < referrers; r++) {
      for (const k of [0, 1]) {
        await store.append(`project-r${r}-${k}`, [lead(r, `ref-${r}`), ...taxes(36)] as never, { expectedRevision: NO_STREAM });
      }
    }
    const projections = [...projectsProjections(), ...rewardsProjections(), ...townshipsProjections(), ...assessmentProjections()];
    const readDb = new Database(':memory:');
    const total = await store.headPosition();
    const projector = new Projector(store, readDb, projections);
    t = performance.now();
    await projector.catchUp();
    const rebuildPerSecond = total / ((performance.now() - t) / 1000);
    results.push([`rebuild events / s, every read model (${total} events)`, rebuildPerSecond, TARGETS.rebuildEventsPerSecond, rebuildPerSecond >= TARGETS.rebuildEventsPerSecond]);
    t = performance.now();
    const half = statements(readDb, '2026-H1');
    const statementsMs = performance.now() - t;
    if (half.statements.length !== referrers) throw new Error(`expected ${referrers} statements, got ${half.statements.length}`);
    results.push([`statements of ${referrers} referrers, ms`, statementsMs, TARGETS.statementsMilliseconds, statementsMs <= TARGETS.statementsMilliseconds]);
    // Credentials: one password verification (scrypt N=2^15), and session lookups by token hash.
    const stored = await hashPassword('correct horse battery staple');
    t = performance.now();
    const verified = await verifyPassword('correct horse battery staple', stored);
    const verifyMs = performance.now() - t;
    if (!verified) throw new Error('the password did not verify');
    results.push(['password verification (scrypt), ms', verifyMs, TARGETS.passwordVerifyMilliseconds, verifyMs <= TARGETS.passwordVerifyMilliseconds]);
    const credentials = new CredentialStore(dir);
    const tokens = Array.from({ length: 1_000 }, (_, i) => {
      const token = newSessionToken();
      credentials.addSession(`s-${i}`, token, `person-${i}`, Date.now());
      return token;
    });
    const lookups = 20_000;
    t = performance.now();
    for (let i = 0; i < lookups; i++) if (!credentials.sessionByToken(tokens[i % tokens.length])) throw new Error('a session was lost');
    const lookupsPerSecond = lookups / ((performance.now() - t) / 1000);
    credentials.close();
    results.push(['session lookups / s', lookupsPerSecond, TARGETS.sessionLookupsPerSecond, lookupsPerSecond >= TARGETS.sessionLookupsPerSecond]);
    const rss = process.memoryUsage().rss / 1024 / 1024;
    results.push(['resident memory MB', rss, TARGETS.rssMegabytes, rss <= TARGETS.rssMegabytes]);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  for (const [name, value, target, ok] of results) {
    process.stdout.write(`${ok ? 'ok  ' : 'MISS'} ${name.padEnd(40)} ${value.toFixed(0).padStart(8)}  (target ${target})\n`);
  }
  process.exit(results.every((r) => r[3]) ? 0 : 1);
}

void main();
