/**
 * Issue 17 (ledger identity), end to end: the server restarted on an older copy of ledger.sqlite must
 * not serve read models that are ahead of the store; they are rebuilt from the copy, and new writes show.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startLedger, type TestLedger } from '../support/ledger-app.js';
import { huafangLead, jinyulaiLead, registerUnits, written, xijieLead } from './projects-fixtures.js';

let ledger: TestLedger;
beforeAll(async () => {
  ledger = await startLedger();
  await registerUnits(ledger);
});
afterAll(() => ledger.close());

const health = async () => (await ledger.http().get('/health').expect(200)).body as { head: number; projections: Record<string, number> };
const listed = async () => ((await ledger.as('auditor').get('/v1/projects').expect(200)).body.items as { name: string }[]).map((p) => p.name).sort();

describe('an older copy of the store beside newer read models', () => {
  it('is served alone: read models rebuilt from it, never past its head; new writes are read', async () => {
    const huafang = written(await ledger.as('recorder').post('/v1/projects').send(huafangLead()).expect(201)).projectId;
    const file = join(ledger.dir, 'ledger.sqlite');
    const older = join(ledger.dir, 'ledger-older.sqlite');
    const copy = new Database(file, { readonly: true });
    copy.prepare('VACUUM INTO ?').run(older);
    copy.close();
    const olderHead = (await health()).head;
    await ledger.as('recorder').post('/v1/projects').send(jinyulaiLead()).expect(201);
    await ledger
      .as('recorder')
      .post(`/v1/projects/${huafang}/signing`)
      .send({ kind: 'contract', committedInvestment: { amount: '250000000.00', currency: 'CNY' }, signedOn: '2026-02-01' })
      .expect(201);
    expect(await listed()).toHaveLength(2);

    await ledger.app.close();
    copyFileSync(older, file);
    for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    await ledger.restart();

    const after = await health();
    expect(after.head).toBe(olderHead);
    for (const position of Object.values(after.projections)) expect(position).toBeLessThanOrEqual(after.head);
    expect(await listed()).toEqual([huafangLead().name]);
    // The contract (and its money) exists only in the events the copy lost: it is not shown.
    expect((await ledger.as('auditor').get(`/v1/projects/${huafang}`).expect(200)).body).toMatchObject({ stage: 'lead', committedInvestment: null });

    await ledger.as('recorder').post('/v1/projects').send(xijieLead()).expect(201);
    expect(await listed()).toEqual([huafangLead().name, xijieLead().name].sort());
  });
});
