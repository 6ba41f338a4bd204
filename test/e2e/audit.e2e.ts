import { join } from 'node:path';
import { tamperWith } from '../../libs/audit/testing/sqlite-ledger.js';
import { startLedger, type TestLedger } from '../support/ledger-app.js';
import { huafangLead, problemOf, registerUnits, sleep, written } from './projects-fixtures.js';

/** A ledger with a lead and its signing, and an instant between the two; every test here only reads it. */
async function seededLedger(): Promise<{ ledger: TestLedger; projectId: string; afterLead: string }> {
  const ledger = await startLedger();
  await registerUnits(ledger);
  const projectId = written(await ledger.as('recorder').post('/v1/projects').send(huafangLead()).expect(201)).projectId;
  await sleep(5);
  const afterLead = new Date().toISOString();
  await sleep(5);
  await ledger
    .as('recorder')
    .post(`/v1/projects/${projectId}/signing`)
    .send({ kind: 'contract', committedInvestment: { amount: '250000000.00', currency: 'CNY' }, signedOn: '2026-02-01' })
    .expect(201);
  return { ledger, projectId, afterLead };
}

let ledger: TestLedger;
let projectId: string;
let afterLead: string;
beforeAll(async () => {
  ({ ledger, projectId, afterLead } = await seededLedger());
});
afterAll(() => ledger.close());

describe('audit over HTTP', () => {
  it('is for auditors only', async () => {
    for (const path of ['/v1/audit/verify', '/v1/audit/digest', '/v1/audit/export']) {
      await ledger.as('recorder').get(path).expect(403);
      await ledger.as('supervisor').get(path).expect(403);
    }
    await ledger.http().get('/v1/audit/verify').expect(401);
  });

  it('verifies the whole ledger', async () => {
    const res = await ledger.as('auditor').get('/v1/audit/verify').expect(200);
    expect(res.body).toMatchObject({
      ok: true,
      eventsChecked: 6,
      firstBroken: null,
      position: 6,
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      treeProblem: null,
      checkpoint: null,
    });
  });

  it('gives a digest and checks it later, positively and negatively', async () => {
    const kept = (await ledger.as('auditor').get('/v1/audit/digest').expect(200)).body as { position: number; digest: string };
    expect(kept.position).toBe(6);
    const atFive = (await ledger.as('auditor').get('/v1/audit/digest?position=5').expect(200)).body as { position: number; digest: string };
    expect(atFive.digest).not.toBe(kept.digest);
    const check = (body: object) => ledger.as('auditor').post('/v1/audit/digest/check').send(body);
    expect((await check(kept).expect(200)).body).toEqual({ ok: true, reason: null });
    expect((await check({ ...atFive, position: 6 }).expect(200)).body).toMatchObject({ ok: false });
    expect((await check({ ...kept, position: 99 }).expect(200)).body).toEqual({ ok: false, reason: 'the ledger holds 6 events; it has no position 99' });
  });

  it('refuses a malformed digest check or position, naming the fields', async () => {
    const bad = await ledger.as('auditor').post('/v1/audit/digest/check').send({ position: -1, digest: 'ABC', extra: 1 }).expect(400);
    expect(
      problemOf(bad)
        .errors?.map((e) => e.field)
        .sort(),
    ).toEqual(['digest', 'extra', 'position']);
    await ledger.as('auditor').get('/v1/audit/digest?position=abc').expect(400);
    await ledger.as('auditor').get('/v1/audit/digest?position=99').expect(404);
  });

  it('exports every event as JSON lines in global order', async () => {
    const res = await ledger
      .as('auditor')
      .get('/v1/audit/export')
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => done(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = (res.body as string)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { globalPosition: number; hash: string });
    expect(lines.map((e) => e.globalPosition)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(lines.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
  });

  it('replays a project timeline as of an instant', async () => {
    const then = await ledger.as('auditor').get(`/v1/audit/projects/${projectId}/timeline?asOf=${afterLead}`).expect(200);
    expect(then.body).toMatchObject({ projectId, asOf: afterLead, project: { stage: 'lead', revision: 0 }, firstBroken: null });
    expect(then.body.lines).toHaveLength(1);
    const now = await ledger.as('auditor').get(`/v1/audit/projects/${projectId}/timeline`).expect(200);
    expect(now.body.project).toMatchObject({ stage: 'signed', revision: 1 });
    expect(now.body.lines[1]).toMatch(
      /^r1 {2}2026-02-01 {2}recorded .* li\.ming \(recorder\) {2}ProjectSigned {3}contract signed, committing 250000000\.00 CNY$/,
    );
    await ledger.as('auditor').get(`/v1/audit/projects/${projectId}/timeline?asOf=2026-01-01T00:00:00`).expect(400);
    await ledger.as('auditor').get('/v1/audit/projects/nope/timeline').expect(404);
  });

  it('names the broken event once the file is tampered with behind the server', async () => {
    // A ledger of its own: the tampering must not reach the other tests, whatever their order.
    const tampered = await seededLedger();
    try {
      tamperWith(join(tampered.ledger.dir, 'ledger.sqlite'), (db) =>
        db.exec("UPDATE events SET data = replace(data, '250000000.00', '350000000.00') WHERE global_position = 6"),
      );
      const res = await tampered.ledger.as('auditor').get('/v1/audit/verify').expect(200);
      expect(res.body).toMatchObject({
        ok: false,
        eventsChecked: 6,
        firstBroken: { streamId: `project-${tampered.projectId}`, revision: 1, globalPosition: 6, reason: 'its content or metadata no longer match its seal' },
      });
      const digest = await tampered.ledger.as('auditor').get('/v1/audit/digest').expect(422);
      expect(problemOf(digest).detail).toMatch(/does not verify up to position 6/);
    } finally {
      await tampered.ledger.close();
    }
  });
});
