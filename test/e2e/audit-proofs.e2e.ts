/**
 * Issue 16 end to end: a real server signs checkpoints with a key outside its data directory, serves
 * proofs and a project's bundle, and the offline script (plain node) says yes to that bundle; a tail
 * deleted or a history re-sealed behind the server's back is then reported with the checkpoint it breaks.
 * Every test runs on a ledger of its own (units and a signed project), so the file passes in any order.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { leafHash, verifyConsistency, verifyInclusion } from '../../libs/event-store/index.js';
import { resealAll, tamperWith } from '../../libs/audit/testing/sqlite-ledger.js';
import { writeKeyPair } from '../../libs/audit/testing/signing-keys.js';
import { freshLedgers, type TestLedger } from '../support/ledger-app.js';
import { huafangLead, registerUnits, written } from './projects-fixtures.js';

const keysDir = mkdtempSync(join(tmpdir(), 'ledger-keys-'));
const work = mkdtempSync(join(tmpdir(), 'ledger-auditor-'));
const keys = writeKeyPair(keysDir, 'ed25519', 'ledger-signing');
const fresh = freshLedgers({ env: { LEDGER_SIGNING_KEY: keys.privateKey, LEDGER_CHECKPOINT_EVERY: '0', LEDGER_CHECKPOINT_MINUTES: '0' } });
let ledger: TestLedger;
let projectId: string;

beforeEach(async () => {
  ledger = await fresh();
  await registerUnits(ledger);
  projectId = written(await ledger.as('recorder').post('/v1/projects').send(huafangLead()).set('Idempotency-Key', 'lead-1').expect(201)).projectId;
  await ledger
    .as('recorder')
    .post(`/v1/projects/${projectId}/signing`)
    .send({ kind: 'contract', committedInvestment: { amount: '250000000.00', currency: 'CNY' }, signedOn: '2026-02-01' })
    .expect(201);
});
afterAll(() => {
  rmSync(keysDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

const auditor = () => ledger.as('auditor');

/** The project's third event: 1,000,000.00 arrived. */
const fund = () =>
  ledger
    .as('recorder')
    .post(`/v1/projects/${projectId}/funding-arrivals`)
    .send({ amount: { amount: '1000000.00', currency: 'CNY' }, bankReference: 'ICBC-1', arrivedOn: '2026-03-01' })
    .expect(201);

function offline(bundle: unknown, checkpoint: unknown, publicKeyPem: string): { code: number; out: string } {
  const files = [join(work, 'bundle.json'), join(work, 'checkpoint.json'), join(work, 'ledger.pub.pem')];
  writeFileSync(files[0], JSON.stringify(bundle));
  writeFileSync(files[1], JSON.stringify(checkpoint));
  writeFileSync(files[2], publicKeyPem);
  try {
    return { code: 0, out: execFileSync(process.execPath, [resolve('tools/verify-bundle.mjs'), ...files], { encoding: 'utf8' }) };
  } catch (error) {
    const { status, stdout } = error as { status: number; stdout: string };
    return { code: status, out: stdout };
  }
}

describe('audit an auditor can carry away', () => {
  it('lists each event with the idempotency key it was appended under', async () => {
    const items = (await auditor().get(`/v1/projects/${projectId}/events`).expect(200)).body.items as { idempotencyKey: string | null }[];
    expect(items.map((e) => e.idempotencyKey)).toEqual(['li.ming:lead-1', null]);
  });

  it('signs a checkpoint on demand, lists it with the public key, and is for auditors only', async () => {
    await ledger.as('recorder').post('/v1/audit/checkpoints').send({}).expect(403);
    const signed = (await auditor().post('/v1/audit/checkpoints').send({}).expect(201)).body;
    const head = (await ledger.http().get('/health').expect(200)).body.head as number;
    expect(signed).toMatchObject({ format: 'investment-ledger-checkpoint/1', hashAlgorithm: 'sha256', size: head, signatureAlgorithm: 'ed25519' });
    const list = (await auditor().get('/v1/audit/checkpoints').expect(200)).body;
    expect(list.items).toEqual([signed]);
    expect(list.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect((await auditor().get('/v1/audit/verify').expect(200)).body).toMatchObject({
      ok: true,
      digest: signed.root,
      checkpointsChecked: 1,
      checkpoint: { size: head, ok: true, signatureChecked: true },
    });
  });

  it('serves inclusion and consistency proofs that check against the digest', async () => {
    const digest = (await auditor().get('/v1/audit/digest').expect(200)).body as { position: number; digest: string };
    const [size, root] = [digest.position, digest.digest];
    const exported = await auditor()
      .get('/v1/audit/export')
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => done(null, text));
      });
    const seals = (exported.body as string)
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { hash: string }).hash);
    expect(seals).toHaveLength(size);
    for (let position = 1; position <= size; position++) {
      const proof = (await auditor().get(`/v1/audit/proofs/inclusion?position=${position}`).expect(200)).body;
      expect(proof).toMatchObject({ position, size, root });
      expect(proof.leaf).toBe(leafHash('sha256', seals[position - 1]));
      expect(verifyInclusion('sha256', { index: position - 1, size, leaf: proof.leaf, path: proof.path }, root)).toBe(true);
    }
    const consistency = (await auditor().get(`/v1/audit/proofs/consistency?from=3&to=${size}`).expect(200)).body;
    expect(verifyConsistency('sha256', { from: 3, to: size, path: consistency.path }, consistency.fromRoot, root)).toBe(true);
    await auditor()
      .get(`/v1/audit/proofs/inclusion?position=${size + 1}`)
      .expect(404);
    await auditor().get('/v1/audit/proofs/inclusion?position=x').expect(400);
  });

  it("downloads a project's bundle that the offline script verifies against the signed checkpoint", async () => {
    await auditor().post('/v1/audit/checkpoints').send({}).expect(201);
    const { items, publicKey } = (await auditor().get('/v1/audit/checkpoints').expect(200)).body;
    const checkpoint = items.at(-1);
    const res = await auditor().get(`/v1/audit/projects/${projectId}/bundle`).expect(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="bundle-${projectId}-${checkpoint.size}.json"`);
    expect(res.body).toMatchObject({ format: 'investment-ledger-bundle/1', size: checkpoint.size, root: checkpoint.root, checkpoint });
    expect(offline(res.body, checkpoint, publicKey)).toEqual({ code: 0, out: expect.stringMatching(/^yes: the 2 events of project-/) });

    // The ledger grows; a bundle of the new head ties back to the kept checkpoint by a consistency proof.
    await fund();
    const later = (
      await auditor()
        .get(`/v1/audit/projects/${projectId}/bundle?size=${checkpoint.size + 1}&consistencyFrom=${checkpoint.size}`)
        .expect(200)
    ).body;
    expect(offline(later, checkpoint, publicKey)).toEqual({ code: 0, out: expect.stringMatching(/^yes: the 3 events/) });
    const forged = structuredClone(later);
    forged.events[2].event.data.amount.amount = '9000000.00';
    expect(offline(forged, checkpoint, publicKey)).toEqual({ code: 1, out: expect.stringMatching(/^no: event 3 of 3 .*no longer match its seal/) });
  });

  it('reports a re-sealed history and a deleted tail with the checkpoint they break', async () => {
    await fund();
    const signed = (await auditor().post('/v1/audit/checkpoints').send({}).expect(201)).body;
    await ledger.app.close();
    const file = join(ledger.dir, 'ledger.sqlite');
    tamperWith(file, (db) =>
      resealAll(db, 'sha256', (row) => (row.type === 'FundingArrived' ? { ...row, data: row.data.replace('1000000.00', '100000.00') } : row)),
    );
    await ledger.restart();
    const resealed = (await auditor().get('/v1/audit/verify').expect(200)).body;
    expect(resealed).toMatchObject({ ok: false, firstBroken: null, treeProblem: null, checkpoint: { size: signed.size, ok: false } });
    expect(resealed.checkpoint.reason).toMatch(/history was rewritten and re-sealed/);
    // …and the server will not sign the rewritten history.
    await auditor().post('/v1/audit/checkpoints').send({}).expect(422);

    await ledger.app.close();
    tamperWith(file, (db) => {
      db.exec(`DELETE FROM events WHERE global_position = ${signed.size}`);
      resealAll(db, 'sha256');
    });
    await ledger.restart();
    const cut = (await auditor().get('/v1/audit/verify').expect(200)).body;
    expect(cut.checkpoint.reason).toMatch(
      new RegExp(`covers ${signed.size} events; the ledger holds only ${signed.size - 1}: events were deleted from its end`),
    );
  });
});
