/**
 * A sick read side never latches and never lies: while the read models cannot be written (here a
 * second connection holds the read-model database's write lock, as a second process would), /health
 * answers 503 naming the failure, writes are refused with 503 before anything is appended, and once
 * the lock goes the projector heals by itself: the next write is 201, without a restart.
 * A storage failure of the event store itself is 503 with Retry-After too, nothing appended.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startLedger, type TestLedger } from '../support/ledger-app.js';
import { problemOf, registerUnits, signedHuafang, sleep } from '../e2e/projects-fixtures.js';

let ledger: TestLedger;
let projectId: string;

beforeAll(async () => {
  ledger = await startLedger();
  await registerUnits(ledger);
  projectId = await signedHuafang(ledger);
});
afterAll(() => ledger.close());

const funding = (ref: string) => ({ amount: { amount: '1000.00', currency: 'CNY' }, bankReference: ref, arrivedOn: '2026-04-01' });

interface Health {
  status: string;
  head: number;
  projections: Record<string, number>;
  projector?: { failedAt: string; error: string };
}

/** The store's head, whatever the read side's state. */
async function head(): Promise<number> {
  return ((await ledger.http().get('/health')).body as Health).head;
}

async function healthy(): Promise<Health> {
  for (;;) {
    const res = await ledger.http().get('/health');
    if (res.status === 200) return res.body as Health;
    await sleep(50);
  }
}

it('fails, tells, refuses writes before appending, and heals without a restart', async () => {
  const blocker = new Database(join(ledger.dir, 'read-models-sqlite.sqlite'));
  blocker.exec('BEGIN IMMEDIATE');
  try {
    // The write that meets the failure is durable: 201, and the answer says reads lag behind.
    const first = await ledger.as('recorder').post(`/v1/projects/${projectId}/funding-arrivals`).send(funding('SICK-1'));
    expect(first.status).toBe(201);
    expect(first.headers['ledger-read-side']).toBe('lagging');

    const health = await ledger.http().get('/health');
    expect(health.status).toBe(503);
    expect(health.headers['retry-after']).toMatch(/^\d+$/);
    const body = health.body as Health;
    expect(body.status).toBe('unavailable');
    expect(body.projector?.error).toMatch(/locked|busy/i);
    expect(Number.isNaN(Date.parse(body.projector!.failedAt))).toBe(false);

    // A client retrying without a key duplicates nothing: refused before the append.
    const before = await head();
    for (let i = 0; i < 3; i++) {
      const retry = await ledger.as('recorder').post(`/v1/projects/${projectId}/funding-arrivals`).send(funding('SICK-2'));
      expect(retry.status).toBe(503);
      expect(retry.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(retry.headers['retry-after']).toMatch(/^\d+$/);
      expect(problemOf(retry).detail).toMatch(/nothing was recorded/);
    }
    expect(await head()).toBe(before);
  } finally {
    blocker.exec('ROLLBACK');
    blocker.close();
  }

  const healed = await healthy();
  expect(healed.projector).toBeUndefined();
  expect(Math.min(...Object.values(healed.projections))).toBe(healed.head);
  const next = await ledger.as('recorder').post(`/v1/projects/${projectId}/funding-arrivals`).send(funding('SICK-2'));
  expect(next.status).toBe(201);
  expect(next.headers['ledger-read-side']).toBeUndefined();
  const project = await ledger.as('recorder').get(`/v1/projects/${projectId}`).expect(200);
  expect(project.body.fundingArrivedCny).toEqual({ amount: '2000.00', currency: 'CNY' });
});

it('a storage failure of the event store is 503 with Retry-After, nothing appended, and the next write 201', async () => {
  const blocker = new Database(join(ledger.dir, 'ledger.sqlite'));
  blocker.exec('BEGIN IMMEDIATE');
  let res;
  const before = await head();
  try {
    res = await ledger.as('recorder').post(`/v1/projects/${projectId}/funding-arrivals`).send(funding('BUSY-1'));
  } finally {
    blocker.exec('ROLLBACK');
    blocker.close();
  }
  expect(res.status).toBe(503);
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
  expect(problemOf(res).detail).toMatch(/SQLITE_BUSY/);
  expect(await head()).toBe(before);
  await ledger.created('recorder', `/v1/projects/${projectId}/funding-arrivals`, funding('BUSY-1'));
}, 20_000);
