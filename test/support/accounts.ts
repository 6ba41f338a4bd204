/**
 * People in e2e tests: `signIn(ledger, role, unitId?)` opens an account through the API (as the
 * tokens-file admin), sets its password with the setup code and signs in, returning the session token.
 */
import type { Role } from '../../libs/platform/tokens.js';
import type { TestLedger } from './ledger-app.js';

export const TEST_PASSWORD = 'correct horse battery staple';

let counter = 0;

export interface SignedIn {
  token: string;
  login: string;
  accountId: string;
}

/** Creates an account (through the API) and returns its setup code. */
export async function openAccount(
  ledger: TestLedger,
  role: Role,
  unitId?: string,
  login = `person-${role}-${++counter}`,
): Promise<{ login: string; accountId: string; setupCode: string }> {
  const created = await ledger.created('admin', '/v1/accounts', { login, displayName: `测试 ${login}`, role, ...(unitId ? { unitId } : {}) });
  return { login, accountId: created.body.accountId as string, setupCode: created.body.setupCode as string };
}

/** Sets the account's password with its setup code, then signs in. */
export async function setPasswordAndSignIn(ledger: TestLedger, login: string, setupCode: string, password = TEST_PASSWORD): Promise<string> {
  const set = await ledger.http().post('/v1/accounts/password').send({ login, setupCode, password });
  if (set.status !== 204) throw new Error(`setting the password of ${login}: ${set.status} ${JSON.stringify(set.body)}`);
  const session = await ledger.http().post('/v1/sessions').send({ login, password });
  if (session.status !== 201) throw new Error(`signing in ${login}: ${session.status} ${JSON.stringify(session.body)}`);
  return session.body.token as string;
}

/** A new person with this role (and unit scope), signed in: the session's bearer token. */
export async function signIn(ledger: TestLedger, role: Role, unitId?: string): Promise<string> {
  return (await signInAccount(ledger, role, unitId)).token;
}

export async function signInAccount(ledger: TestLedger, role: Role, unitId?: string, login?: string): Promise<SignedIn> {
  const account = await openAccount(ledger, role, unitId, login);
  return { login: account.login, accountId: account.accountId, token: await setPasswordAndSignIn(ledger, account.login, account.setupCode) };
}

/** Requests with a bearer token (a session or an API token). */
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
