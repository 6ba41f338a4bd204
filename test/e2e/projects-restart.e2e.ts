/**
 * Durability and rebuildability: the app restarted on the same data directory reads exactly as before
 * (and keeps enforcing idempotency and duplicate leads); read models dropped and rebuilt from the
 * events equal the live ones. Every test runs on a ledger of its own, seeded before it, so the file passes
 * in any order.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../libs/event-store/index.js';
import { Projector } from '../../libs/projector/index.js';
import { projectsProjections } from '../../libs/projects/index.js';
import { freshLedgers, openLedgerApp, type TestLedger } from '../support/ledger-app.js';
import { head, history, huafangLead, jinyulaiLead, page, problemOf, registerUnits, view, written, xijieLead } from './projects-fixtures.js';

const fresh = freshLedgers();
let ledger: TestLedger;
/** The seeded projects and facts of the test's ledger. */
const ids = { huafang: '', jinyulai: '', xijie: '', usdTranche: '' };
const keyed = {
  path: '',
  body: { amount: { amount: '3000000.00', currency: 'CNY' }, bankReference: 'ICBC-XJ-0601', arrivedOn: '2026-06-01' },
  answer: { projectId: '', eventId: '', revision: -1 },
};

async function ok(who: 'recorder' | 'assessor', path: string, body: object): Promise<string> {
  const res = await ledger.as(who).post(path).send(body);
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return written(res).eventId;
}

/** Three projects: 華芳 under construction (its USD tranche voided, a keyed funding), 金魚來 a lead, 西傑 abandoned. */
beforeEach(async () => {
  ledger = await fresh();
  await registerUnits(ledger);
  ids.huafang = written(await ledger.as('recorder').post('/v1/projects').send(huafangLead()).expect(201)).projectId;
  ids.jinyulai = written(await ledger.as('recorder').post('/v1/projects').send(jinyulaiLead()).expect(201)).projectId;
  ids.xijie = written(await ledger.as('recorder').post('/v1/projects').send(xijieLead()).expect(201)).projectId;
  const p = `/v1/projects/${ids.huafang}`;
  await ok('recorder', `${p}/signing`, { kind: 'intent', committedInvestment: { amount: '250000000.00', currency: 'CNY' }, signedOn: '2026-02-10' });
  await ok('recorder', `${p}/signing`, { kind: 'contract', committedInvestment: { amount: '320000000.00', currency: 'CNY' }, signedOn: '2026-03-15' });
  await ok('recorder', `${p}/funding-arrivals`, { amount: { amount: '50000000.00', currency: 'CNY' }, bankReference: 'ICBC-XJ-0320', arrivedOn: '2026-03-20' });
  ids.usdTranche = await ok('recorder', `${p}/funding-arrivals`, {
    amount: { amount: '1000000.15', currency: 'USD', cnyRate: '7.1' },
    bankReference: 'BOC-SWIFT-0402',
    arrivedOn: '2026-04-02',
  });
  await ok('recorder', `${p}/groundbreaking`, { brokeGroundOn: '2026-04-18' });
  await ok('assessor', `${p}/fixed-asset-verifications`, {
    plant: { amount: '120000000.00', currency: 'CNY' },
    equipment: { amount: '85000000.00', currency: 'CNY' },
    land: { amount: '30000000.00', currency: 'CNY' },
    inspectedOn: '2026-06-30',
    inspector: '德州市項目評審委員會',
  });
  await ok('assessor', `${p}/credit`, { unitId: 'xiajin', reason: '縣級統籌', on: '2026-07-01' });
  await ok('recorder', `${p}/voids`, { eventId: ids.usdTranche, reason: '重複入賬', on: '2026-07-02' });
  keyed.path = `${p}/funding-arrivals`;
  keyed.answer = written(await ledger.as('recorder').post(keyed.path).set('Idempotency-Key', 'fund-0601').send(keyed.body).expect(201));
  await ok('assessor', `/v1/projects/${ids.jinyulai}/referrer`, {
    referrerId: 'ref-qingyun-gsl',
    name: '慶雲縣工商聯',
    kind: 'organization',
    assignedOn: '2026-04-01',
  });
  await ok('recorder', `/v1/projects/${ids.xijie}/signing`, {
    kind: 'intent',
    committedInvestment: { amount: '60000000.00', currency: 'CNY' },
    signedOn: '2026-04-20',
  });
  await ok('recorder', `/v1/projects/${ids.xijie}/abandonment`, { reason: '投資方撤回意向', abandonedOn: '2026-10-08' });
});

/** Everything a client can read about the seeded projects. */
async function snapshot() {
  const projects = [];
  const histories = [];
  for (const id of [ids.huafang, ids.jinyulai, ids.xijie]) {
    projects.push(view(await ledger.as('supervisor').get(`/v1/projects/${id}`).expect(200)));
    histories.push(history(await ledger.as('auditor').get(`/v1/projects/${id}/events`).expect(200)));
  }
  const pages = [];
  let cursor: string | null = null;
  do {
    const current = page(
      await ledger
        .as('supervisor')
        .get(`/v1/projects?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200),
    );
    pages.push(current);
    cursor = current.nextCursor;
  } while (cursor !== null && pages.length < 10);
  const filtered = page(await ledger.as('supervisor').get('/v1/projects?unitId=qingyun').expect(200));
  const units = (await ledger.as('supervisor').get('/v1/units').expect(200)).body as unknown;
  return { projects, histories, pages, filtered, units, head: await head(ledger) };
}

describe('restart on the same data directory', () => {
  it('reads exactly as before: status, list, history, units, head', async () => {
    const before = await snapshot();
    expect(before.projects.map((p) => p.stage)).toEqual(['under_construction', 'lead', 'abandoned']);
    expect(before.projects[0].fundingArrivedCny).toEqual({ amount: '53000000.00', currency: 'CNY' });
    expect(before.pages).toHaveLength(2);
    await ledger.restart();
    expect(await snapshot()).toEqual(before);
  });

  it('after the restart a replayed Idempotency-Key still returns the first answer', async () => {
    const before = await head(ledger);
    const replay = written(await ledger.as('recorder').post(keyed.path).set('Idempotency-Key', 'fund-0601').send(keyed.body).expect(201));
    expect(replay).toEqual(keyed.answer);
    expect(await head(ledger)).toBe(before);
    await ledger
      .as('recorder')
      .post(keyed.path)
      .set('Idempotency-Key', 'fund-0601')
      .send({ ...keyed.body, bankReference: 'ICBC-XJ-0602' })
      .expect(409);
  });

  it('after the restart the duplicate-lead rule and the write path carry on', async () => {
    const dup = await ledger
      .as('recorder')
      .post('/v1/projects')
      .send(huafangLead({ leadOn: '2026-05-05' }))
      .expect(409);
    expect(problemOf(dup).projectId).toBe(ids.huafang);
    const revision = view(await ledger.as('supervisor').get(`/v1/projects/${ids.huafang}`).expect(200)).revision;
    const next = written(await ledger.as('recorder').post(`/v1/projects/${ids.huafang}/completion`).send({ completedOn: '2026-09-30' }).expect(201));
    expect(next.revision).toBe(revision + 1);
    const events = history(await ledger.as('auditor').get(`/v1/projects/${ids.huafang}/events`).expect(200));
    expect(events.at(-1)!.previousHash).toBe(events.at(-2)!.hash);
  });

  it('with its read-model file deleted, the app rebuilds it on start and reads the same', async () => {
    const before = await snapshot();
    await ledger.app.close();
    const readModels = join(ledger.dir, `read-models-${ledger.config.store}.sqlite`);
    expect(existsSync(readModels)).toBe(true);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${readModels}${suffix}`, { force: true });
    ledger.app = await openLedgerApp(ledger.config, ledger.clock);
    expect(await snapshot()).toEqual(before);
  });
});

describe('rebuild from zero equals the live read models', () => {
  it('a second projector over the same event store and a fresh database dumps the same project-status, units and parks', async () => {
    const live = ledger.app.get(Projector);
    await live.catchUp();
    const store = new SqliteEventStore(join(ledger.dir, 'ledger.sqlite'));
    const db = new Database(':memory:');
    try {
      const rebuilt = new Projector(store, db, projectsProjections());
      await rebuilt.catchUp();
      const status = rebuilt.dump('project-status');
      expect(status.project_status).toHaveLength(3);
      expect(status).toEqual(live.dump('project-status'));
      const units = rebuilt.dump('units');
      expect(units.units).toHaveLength(3);
      expect(units).toEqual(live.dump('units'));
      const headPosition = await store.headPosition();
      expect(rebuilt.dump('parks')).toEqual(live.dump('parks'));
      expect(rebuilt.positions()).toEqual({ 'project-status': headPosition, units: headPosition, parks: headPosition });
      expect(live.positions()['project-status']).toBe(headPosition);
    } finally {
      db.close();
      await store.close();
    }
  });

  it('the live projector rebuilt in place equals itself before', async () => {
    const live = ledger.app.get(Projector);
    await live.catchUp();
    const before = { status: live.dump('project-status'), units: live.dump('units') };
    await live.rebuild(['project-status', 'units']);
    expect({ status: live.dump('project-status'), units: live.dump('units') }).toEqual(before);
    expect(view(await ledger.as('supervisor').get(`/v1/projects/${ids.huafang}`).expect(200)).stage).toBe('under_construction');
  });
});
