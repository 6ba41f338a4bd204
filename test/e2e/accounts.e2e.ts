/**
 * People, not role tokens (issue 13): an admin opens an account, the person sets a password with the
 * one-time code, signs in, acts within the account's scope and is refused outside it; revoking the
 * session, disabling the account or changing its role counts from the very next request. Every test runs
 * on a ledger of its own (the demo's units registered), so the file passes in any order.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { accountsProjections } from '../../libs/accounts/index.js';
import { SqliteEventStore, type EventStore } from '../../libs/event-store/index.js';
import { EVENT_STORE } from '../../libs/platform/injection.js';
import { Projector } from '../../libs/projector/index.js';
import { bearer, openAccount, setPasswordAndSignIn, signInAccount, TEST_PASSWORD } from '../support/accounts.js';
import { TOKENS, freshLedgers, type TestLedger } from '../support/ledger-app.js';
import { huafangLead, registerUnits } from './projects-fixtures.js';

const fresh = freshLedgers();
let ledger: TestLedger;
beforeEach(async () => {
  ledger = await fresh();
  await registerUnits(ledger);
});

const get = (path: string, token: string) => ledger.http().get(path).set(bearer(token));
const post = (path: string, token: string) => ledger.http().post(path).set(bearer(token));

describe('an account from creation to revocation', () => {
  it('signs in, is itself on /v1/me, records as itself, is confined to its unit, and is refused once signed out', async () => {
    const { login, setupCode, accountId } = await openAccount(ledger, 'recorder', 'xiajin', 'wang.fang');
    expect(setupCode).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    // Before a password is set, nobody signs in.
    expect((await ledger.http().post('/v1/sessions').send({ login, password: TEST_PASSWORD })).status).toBe(401);
    const token = await setPasswordAndSignIn(ledger, login, setupCode);
    expect(token).toMatch(/^ls_/);
    // Secrets shown once are never cached on the way.
    const again = await ledger.http().post('/v1/sessions').send({ login, password: TEST_PASSWORD });
    expect(again.headers['cache-control']).toBe('no-store');
    await ledger
      .http()
      .delete('/v1/sessions/current')
      .set(bearer(again.body.token as string))
      .expect(204);

    const me = await get('/v1/me', token);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ actor: 'wang.fang', displayName: '测试 wang.fang', role: 'recorder', unitId: 'xiajin', accountId });

    const lead = await post('/v1/projects', token).send(huafangLead());
    expect(lead.status).toBe(201);
    const events = await ledger.as('auditor').get(`/v1/projects/${lead.body.projectId}/events`);
    expect(JSON.stringify(events.body)).toContain('"actor":"wang.fang"');

    const outside = await post('/v1/projects', token).send(huafangLead({ unitId: 'qingyun', name: '另一个项目' }));
    expect(outside.status).toBe(403);

    expect((await ledger.http().delete('/v1/sessions/current').set(bearer(token))).status).toBe(204);
    const after = await get('/v1/me', token);
    expect(after.status).toBe(401);
    expect(after.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers the same 401 for an unknown login and a wrong password', async () => {
    const { login } = await signInAccount(ledger, 'finance');
    const wrong = await ledger.http().post('/v1/sessions').send({ login, password: 'not the password at all' });
    const unknown = await ledger.http().post('/v1/sessions').send({ login: 'nobody.here', password: 'not the password at all' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('a setup code works once, and a weak password is refused', async () => {
    const { login, setupCode } = await openAccount(ledger, 'auditor');
    const weak = await ledger.http().post('/v1/accounts/password').send({ login, setupCode, password: 'short' });
    expect(weak.status).toBe(422);
    await setPasswordAndSignIn(ledger, login, setupCode);
    const again = await ledger.http().post('/v1/accounts/password').send({ login, setupCode, password: 'another good passphrase' });
    expect(again.status).toBe(401);
  });

  it('a role change, a scope change and a disabling count from the next request', async () => {
    const { login, token } = await signInAccount(ledger, 'supervisor');
    expect((await get('/v1/statements/2026-H1', token)).status).toBe(200);
    const patched = await ledger.http().patch(`/v1/accounts/${login}`).set(bearer(adminToken())).send({ role: 'recorder' });
    expect(patched.status).toBe(200);
    expect(patched.body.role).toBe('recorder');
    expect((await get('/v1/statements/2026-H1', token)).status).toBe(403);
    expect((await get('/v1/me', token)).body.role).toBe('recorder');
    await ledger.http().patch(`/v1/accounts/${login}`).set(bearer(adminToken())).send({ unitId: 'qingyun' }).expect(200);
    expect((await get('/v1/me', token)).body.unitId).toBe('qingyun');
    await ledger.http().patch(`/v1/accounts/${login}`).set(bearer(adminToken())).send({ disabled: true }).expect(200);
    expect((await get('/v1/me', token)).status).toBe(401);
    expect((await ledger.http().post('/v1/sessions').send({ login, password: TEST_PASSWORD })).status).toBe(401);
  });

  it('lists accounts and their history (who changed what, when) for admins and auditors, not others', async () => {
    const { login } = await signInAccount(ledger, 'assessor', 'qingyun');
    await ledger.http().patch(`/v1/accounts/${login}`).set(bearer(adminToken())).send({ unitId: null }).expect(200);
    const list = await ledger.as('auditor').get('/v1/accounts');
    expect(list.status).toBe(200);
    expect(list.body.accounts).toEqual(
      expect.arrayContaining([expect.objectContaining({ login, role: 'assessor', unitId: null, disabled: false, openedBy: 'admin.zhang' })]),
    );
    const history = await ledger.as('auditor').get(`/v1/accounts/${login}/history`);
    expect(history.body.history.map((h: { type: string; by: string; change: object }) => [h.type, h.by, h.change])).toEqual([
      ['AccountOpened', 'admin.zhang', expect.objectContaining({ role: 'assessor', unitId: 'qingyun' })],
      ['AccountChanged', 'admin.zhang', { unitId: null }],
    ]);
    expect(JSON.stringify(history.body)).not.toMatch(/setup|password|hash/i);
    expect((await ledger.as('finance').get('/v1/accounts')).status).toBe(403);
  });

  it('a reset ends the sessions and issues a new code; the old password stops working', async () => {
    const { login, token } = await signInAccount(ledger, 'finance');
    const reset = await ledger.created('admin', `/v1/accounts/${login}/reset`, {});
    expect(reset.body.setupCode).toMatch(/^[A-Z2-9]{4}-/);
    expect((await get('/v1/me', token)).status).toBe(401);
    expect((await ledger.http().post('/v1/sessions').send({ login, password: TEST_PASSWORD })).status).toBe(401);
    await setPasswordAndSignIn(ledger, login, reset.body.setupCode, 'a brand new passphrase');
  });
});

describe('personal API tokens', () => {
  it('are created (shown once), listed, used, and refused from the request after their revocation', async () => {
    const { token: session } = await signInAccount(ledger, 'finance');
    const created = await post('/v1/me/tokens', session).send({ name: 'nightly export', expiresOn: '2027-12-31' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      tokenId: expect.any(String),
      token: expect.stringMatching(/^lt_/),
      name: 'nightly export',
      createdAt: expect.any(String),
      expiresOn: '2027-12-31',
    });
    const list = await get('/v1/me/tokens', session);
    expect(list.body.tokens).toEqual([{ tokenId: created.body.tokenId, name: 'nightly export', createdAt: created.body.createdAt, expiresOn: '2027-12-31' }]);
    expect((await get('/v1/statements/2026-H1', created.body.token)).status).toBe(200);
    expect((await ledger.http().delete(`/v1/me/tokens/${created.body.tokenId}`).set(bearer(session))).status).toBe(204);
    expect((await get('/v1/statements/2026-H1', created.body.token)).status).toBe(401);
  });

  it('are refused while their account is disabled, and work again once it is enabled', async () => {
    const { login, token: session } = await signInAccount(ledger, 'auditor');
    const { token } = (await post('/v1/me/tokens', session).send({ name: 'verify nightly' }).expect(201)).body as { token: string };
    await ledger.http().patch(`/v1/accounts/${login}`).set(bearer(adminToken())).send({ disabled: true }).expect(200);
    expect((await get('/v1/audit/digest', token)).status).toBe(401);
    await ledger.http().patch(`/v1/accounts/${login}`).set(bearer(adminToken())).send({ disabled: false }).expect(200);
    expect((await get('/v1/audit/digest', token)).status).toBe(200);
    // The session ended with the disabling and stays ended.
    expect((await get('/v1/me', session)).status).toBe(401);
  });

  it('a tokens-file token has no account: /v1/me says so, and it has no personal tokens', async () => {
    const me = await ledger.as('finance').get('/v1/me');
    expect(me.body).toEqual({ actor: 'sun.li', displayName: 'sun.li', role: 'finance', unitId: null, accountId: null });
    expect((await ledger.as('finance').post('/v1/me/tokens').send({ name: 'x' })).status).toBe(403);
  });
});

/** The tokens-file admin token of the e2e ledger. */
const adminToken = () => TOKENS.admin;

describe('sessions over time and restarts', () => {
  it('a session ends after 8 hours without a request, and after 12 hours however busy', async () => {
    const { token: idle } = await signInAccount(ledger, 'supervisor');
    const start = Math.max(Date.now(), ledger.clock.instant.getTime());
    ledger.clock.instant = new Date(start + 7 * 3600_000);
    expect((await get('/v1/me', idle)).status).toBe(200);
    ledger.clock.instant = new Date(start + 7 * 3600_000 + 8 * 3600_000 + 1000);
    expect((await get('/v1/me', idle)).status).toBe(401);

    const signIn = await ledger
      .http()
      .post('/v1/sessions')
      .send({ login: (await signInAccount(ledger, 'auditor')).login, password: TEST_PASSWORD });
    const busy = signIn.body.token as string;
    const from = ledger.clock.now().getTime();
    expect(Date.parse(signIn.body.expiresAt)).toBe(from + 8 * 3600_000);
    for (let hour = 2; hour <= 11; hour += 3) {
      ledger.clock.instant = new Date(from + hour * 3600_000);
      expect((await get('/v1/me', busy)).status).toBe(200);
    }
    ledger.clock.instant = new Date(from + 12 * 3600_000 + 1000);
    expect((await get('/v1/me', busy)).status).toBe(401);
  });

  it('accounts, passwords and sessions survive a restart; the accounts read model rebuilds equal to the live one', async () => {
    const { login, token } = await signInAccount(ledger, 'recorder', 'xiajin');
    // Five more accounts and a change, for the rebuilt read model to hold more than one row of each.
    for (const role of ['admin', 'assessor', 'finance', 'auditor', 'supervisor'] as const) await openAccount(ledger, role);
    await ledger.http().patch(`/v1/accounts/${login}`).set(bearer(adminToken())).send({ unitId: 'xiajin-zhengbaotun' }).expect(200);
    await ledger.restart();
    expect((await get('/v1/me', token)).body.actor).toBe(login);
    expect((await ledger.http().post('/v1/sessions').send({ login, password: TEST_PASSWORD })).status).toBe(201);

    const live = ledger.app.get(Projector);
    await live.catchUp();
    const store = new SqliteEventStore(join(ledger.dir, 'ledger.sqlite'));
    const db = new Database(':memory:');
    try {
      const rebuilt = new Projector(store, db, accountsProjections());
      await rebuilt.catchUp();
      const dump = rebuilt.dump('accounts');
      expect(dump.accounts.length).toBeGreaterThan(5);
      expect(dump.account_history.length).toBeGreaterThan(dump.accounts.length);
      expect(dump).toEqual(live.dump('accounts'));
    } finally {
      db.close();
      await store.close();
    }
  });

  it('keeps credentials out of the ledger: no event holds a password, hash, setup code or token', async () => {
    const { login, token } = await signInAccount(ledger, 'finance');
    const reset = await ledger.created('admin', `/v1/accounts/${login}/reset`, {});
    const events = await ledger.app.get<symbol, EventStore>(EVENT_STORE).readAll(0, 100_000);
    const text = JSON.stringify(events);
    for (const secret of [TEST_PASSWORD, token, reset.body.setupCode as string, 'scrypt$']) expect(text).not.toContain(secret);
    expect(events.filter((e) => e.streamId === `account-${login}`).map((e) => e.type)).toEqual(['AccountOpened', 'AccountPasswordReset']);
  });
});
