/**
 * Crash test: the real server as a child process, concurrent writers (leads, signings, funding, each
 * with an Idempotency-Key), `kill -9` at random moments, restart each time. Afterwards every write that
 * was acknowledged is there exactly once, nothing unacknowledged is half there, the seals chain, the
 * auditor's verifier passes, and every read model equals a rebuild from the events.
 * `CRASH_KILLS` sets the number of kills (8 in `npm test`, 30 in `npm run test:crash`).
 */
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CAPABILITIES } from '../../apps/ledger-api/app.module.js';
import { auditLedger } from '../../libs/audit/domain/ledger-check.js';
import { GENESIS_HASH, SqliteEventStore, sealOf, type StoredEvent } from '../../libs/event-store/index.js';
import { Projector } from '../../libs/projector/index.js';
import { buildServer, startServer, stopServer, type LedgerProcess } from '../support/server-process.js';

const KILLS = Number(process.env.CRASH_KILLS ?? 8);
const CLIENTS = 6;
const RECORDER = 'crash-recorder-token-0123456789';
const ADMIN = 'crash-admin-token-0123456789';
const UNIT = 'crash-county';

interface Written {
  projectId: string;
  eventId: string;
  revision: number;
}
interface Attempt {
  key: string;
  path: string;
  body: object;
  /** The 201 answer, when one arrived. */
  acked: Written | null;
  /** Another status arrived (a refusal: nothing may be stored). */
  refused: number | null;
}

let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  await buildServer();
  dir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
  const tokensFile = join(dir, 'tokens.json');
  writeFileSync(
    tokensFile,
    JSON.stringify([
      { token: RECORDER, actor: 'crash.recorder', role: 'recorder' },
      { token: ADMIN, actor: 'crash.admin', role: 'admin' },
    ]),
  );
  env = { LEDGER_DATA_DIR: dir, LEDGER_TOKENS_FILE: tokensFile, LEDGER_RATE_LIMIT: '0', NODE_ENV: 'test' };
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function post(server: LedgerProcess, token: string, path: string, body: object, key: string): Promise<{ status: number; body: Written }> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Written };
}

const lead = (key: string) => ({
  name: `項目 ${key.slice(0, 8)}`,
  investor: `投資方 ${key.slice(9, 13)}`,
  origin: 'domestic',
  sector: 'secondary',
  plannedInvestment: { amount: '5000000.00', currency: 'CNY' },
  unitId: UNIT,
  leadOn: '2026-01-05',
});
const signing = () => ({ kind: 'contract', committedInvestment: { amount: '4000000.00', currency: 'CNY' }, signedOn: '2026-02-01' });
const funding = (key: string) => ({
  amount: { amount: `${randomInt(1, 99999)}.${String(randomInt(0, 100)).padStart(2, '0')}`, currency: 'CNY' },
  bankReference: key,
  arrivedOn: '2026-03-01',
});

it(
  `survives ${KILLS} kill -9 with every acknowledged write there exactly once`,
  async () => {
    const attempts: Attempt[] = [];
    const unsigned: string[] = [];
    const signed: string[] = [];
    const replayMismatches: string[] = [];
    let kills = 0;

    for (let round = 0; round < KILLS; round++) {
      const server = await startServer(env);
      if (round === 0) {
        const unit = await post(server, ADMIN, '/v1/units', { unitId: UNIT, name: '崩潰測試縣', kind: 'county' }, 'unit-1');
        expect(unit.status).toBe(201);
      }
      let dead = false;
      let ackedThisRound = 0;
      const killAfter = randomInt(3, 30);

      const client = async (): Promise<void> => {
        while (!dead) {
          const roll = randomInt(100);
          const acked = attempts.filter((a) => a.acked);
          let attempt: Attempt;
          if (roll < 10 && acked.length > 0) {
            // A client retrying an acknowledged write, mid-crash: the first answer comes back.
            const prior = acked[randomInt(acked.length)];
            try {
              const res = await post(server, RECORDER, prior.path, prior.body, prior.key);
              if (res.status !== 201 || res.body.eventId !== prior.acked!.eventId) replayMismatches.push(`${prior.key}: ${res.status}`);
            } catch {
              return;
            }
            continue;
          } else if (roll < 40 || (unsigned.length === 0 && signed.length === 0)) {
            const key = randomUUID();
            attempt = { key, path: '/v1/projects', body: lead(key), acked: null, refused: null };
          } else if ((roll < 65 && unsigned.length > 0) || signed.length === 0) {
            const projectId = unsigned.splice(randomInt(unsigned.length), 1)[0];
            attempt = { key: randomUUID(), path: `/v1/projects/${projectId}/signing`, body: signing(), acked: null, refused: null };
          } else {
            const key = randomUUID();
            attempt = { key, path: `/v1/projects/${signed[randomInt(signed.length)]}/funding-arrivals`, body: funding(key), acked: null, refused: null };
          }
          attempts.push(attempt);
          let res: { status: number; body: Written };
          try {
            res = await post(server, RECORDER, attempt.path, attempt.body, attempt.key);
          } catch {
            return; // the server died under this request: its outcome is unknown
          }
          if (res.status === 201) {
            attempt.acked = res.body;
            ackedThisRound++;
            if (attempt.path === '/v1/projects') unsigned.push(res.body.projectId);
            else if (attempt.path.endsWith('/signing')) signed.push(res.body.projectId);
          } else {
            // Lost races (409) and refusals are fine; a 5xx is not.
            expect(res.status).toBeLessThan(500);
            attempt.refused = res.status;
          }
        }
      };

      const clients = Array.from({ length: CLIENTS }, () => client());
      // Kill once this round has seen a random number of acknowledgements, while writes are in flight.
      while (ackedThisRound < killAfter && server.child.exitCode === null) await new Promise((r) => setTimeout(r, randomInt(1, 15)));
      server.child.kill('SIGKILL');
      const exit = await server.exited;
      dead = true;
      await Promise.all(clients);
      expect(exit.signal).toBe('SIGKILL');
      kills++;
    }

    // The last start: every acknowledged write replays to its first answer and appends nothing.
    const server = await startServer(env);
    const acked = attempts.filter((a) => a.acked);
    const headBefore = ((await (await fetch(`${server.url}/health`)).json()) as { head: number }).head;
    for (let i = 0; i < acked.length; i += 8) {
      await Promise.all(
        acked.slice(i, i + 8).map(async (a) => {
          const res = await post(server, RECORDER, a.path, a.body, a.key);
          expect(res.status).toBe(201);
          expect(res.body).toEqual(a.acked);
        }),
      );
    }
    const headAfter = ((await (await fetch(`${server.url}/health`)).json()) as { head: number }).head;
    expect(headAfter).toBe(headBefore);
    expect((await stopServer(server)).code).toBe(0);
    expect(replayMismatches).toEqual([]);

    // The files, with the server stopped.
    const store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
    const events: StoredEvent[] = [];
    for (let batch = await store.readAll(0, 1000); batch.length > 0; batch = await store.readAll(events.at(-1)!.globalPosition, 1000)) events.push(...batch);
    expect(events.length).toBe(headAfter);

    // Positions dense, each stream's revisions dense from 0, each seal recomputed and chained.
    const heads = new Map<string, StoredEvent>();
    events.forEach((e, i) => {
      expect(e.globalPosition).toBe(i + 1);
      const previous = heads.get(e.streamId);
      expect(e.revision).toBe(previous ? previous.revision + 1 : 0);
      expect(e.previousHash).toBe(previous ? previous.hash : GENESIS_HASH);
      expect(sealOf(e)).toBe(e.hash);
      heads.set(e.streamId, e);
    });
    async function* batches(): AsyncIterable<StoredEvent[]> {
      yield events;
    }
    const audit = await auditLedger(batches());
    expect(audit).toMatchObject({ ok: true, eventsChecked: events.length, firstBroken: null });

    // All or nothing: every event belongs to exactly one idempotency record, whose range is whole and its own.
    const raw = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
    const records = raw.prepare('SELECT key, first_position AS first, last_position AS last FROM idempotency').all() as {
      key: string;
      first: number;
      last: number;
    }[];
    raw.close();
    const owner = new Map<number, string>();
    for (const r of records) {
      const range = events.slice(r.first - 1, r.last);
      expect(range).toHaveLength(r.last - r.first + 1);
      expect(new Set(range.map((e) => e.streamId)).size).toBe(1);
      for (const e of range) {
        expect(e.idempotencyKey).toBe(r.key);
        expect(owner.has(e.globalPosition)).toBe(false);
        owner.set(e.globalPosition, r.key);
      }
    }
    expect(owner.size).toBe(events.length);

    // Every acknowledged write exactly once, where its answer said; refused ones not at all.
    const byKey = new Map(records.map((r) => [r.key, r]));
    for (const a of acked) {
      const record = byKey.get(`crash.recorder:${a.key}`);
      expect(record).toBeDefined();
      const last = events[record!.last - 1];
      expect({ eventId: last.eventId, revision: last.revision, stream: last.streamId }).toEqual({
        eventId: a.acked!.eventId,
        revision: a.acked!.revision,
        stream: `project-${a.acked!.projectId}`,
      });
    }
    for (const a of attempts.filter((x) => x.refused !== null)) expect(byKey.has(`crash.recorder:${a.key}`)).toBe(false);
    const keyed = events.filter((e) => e.idempotencyKey?.startsWith('crash.recorder:'));
    expect(new Set(keyed.map((e) => e.idempotencyKey)).size).toBe(keyed.length);

    // Every read model equals a rebuild over the same store.
    const projections = () => CAPABILITIES.flatMap((c) => c.projections());
    const liveDb = new Database(join(dir, 'read-models-sqlite.sqlite'));
    const live = new Projector(store, liveDb, projections());
    const rebuilt = new Projector(store, new Database(':memory:'), projections());
    await rebuilt.catchUp();
    for (const projection of live.projections) {
      expect(live.positions()[projection.name]).toBe(events.length);
      expect(live.dump(projection.name)).toEqual(rebuilt.dump(projection.name));
    }
    liveDb.close();
    rebuilt.db.close();
    await store.close();

    const unknown = attempts.filter((a) => !a.acked && a.refused === null);
    const landed = unknown.filter((a) => byKey.has(`crash.recorder:${a.key}`)).length;
    console.log(
      `crash test: ${kills} kill -9 survived; ${acked.length} acknowledged writes checked exactly once, ` +
        `${attempts.length - acked.length - unknown.length} refused writes absent, ${unknown.length} cut off by a kill ` +
        `(${landed} landed whole, ${unknown.length - landed} not at all); ${events.length} events' seals verified; ` +
        `${live.projections.length} read models equal a rebuild`,
    );
    expect(kills).toBe(KILLS);
  },
  60_000 + KILLS * 15_000,
);
