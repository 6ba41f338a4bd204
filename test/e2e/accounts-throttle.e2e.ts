/**
 * Guessing is slowed, nobody is locked out (issue 13): failed sign-ins are throttled per address and
 * login and per address, unknown tokens per address, answered 429 with Retry-After; a correct password
 * from another address still signs in, and the throttle lifts when the (test) clock passes Retry-After.
 * Clients are told apart by their loopback source address (127.0.0.x).
 */
import { TEST_PASSWORD, openAccount, setPasswordAndSignIn } from '../support/accounts.js';
import { TOKENS, startLedger, type TestLedger } from '../support/ledger-app.js';
import { closeAgent, listenOnLoopback, send, type Reply } from '../support/http-routes.js';

let ledger: TestLedger;
let base: string;
beforeAll(async () => {
  ledger = await startLedger({ LEDGER_AUTH_THROTTLE: 'on' });
  base = await listenOnLoopback(ledger.app);
});
afterAll(async () => {
  closeAgent();
  await ledger.close();
});

const json = { 'content-type': 'application/json' };
const signInFrom = (from: string, login: string, password: string) =>
  send(base, 'POST', '/v1/sessions', { from, headers: json, body: JSON.stringify({ login, password }) });
const meFrom = (from: string, token: string) => send(base, 'GET', '/v1/me', { from, headers: { authorization: `Bearer ${token}` } });

function retryAfter(reply: Reply): number {
  expect(reply.status).toBe(429);
  expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
  const seconds = Number(reply.headers['retry-after']);
  expect(seconds).toBeGreaterThanOrEqual(1);
  return seconds;
}

/** Moves the ledger's clock past a Retry-After. */
function waitOut(seconds: number): void {
  ledger.clock.instant = new Date(Math.max(Date.now(), ledger.clock.instant.getTime()) + (seconds + 1) * 1000);
}

it('slows wrong passwords at one login from one address, keeps the door open elsewhere, and lifts', async () => {
  const { login, setupCode } = await openAccount(ledger, 'finance');
  await setPasswordAndSignIn(ledger, login, setupCode);
  // Six wrong passwords are answered (five free, the sixth closes the door for the next attempt).
  for (let i = 0; i < 6; i++) expect((await signInFrom('127.0.0.3', login, 'wrong password number x')).status).toBe(401);
  const wait = retryAfter(await signInFrom('127.0.0.3', login, 'wrong password number x'));
  // While closed, even the right password from that address waits: the guesser learns nothing.
  retryAfter(await signInFrom('127.0.0.3', login, TEST_PASSWORD));
  // Without a trusted proxy, a forged X-Forwarded-For does not make a new client.
  retryAfter(
    await send(base, 'POST', '/v1/sessions', {
      from: '127.0.0.3',
      headers: { ...json, 'x-forwarded-for': '198.51.100.99' },
      body: JSON.stringify({ login, password: TEST_PASSWORD }),
    }),
  );
  // The person, from their own desk, is not locked out.
  expect((await signInFrom('127.0.0.5', login, TEST_PASSWORD)).status).toBe(201);
  waitOut(wait);
  expect((await signInFrom('127.0.0.3', login, TEST_PASSWORD)).status).toBe(201);
});

it('slows one address spraying passwords over many logins, without touching other addresses', async () => {
  const { login, setupCode } = await openAccount(ledger, 'auditor');
  await setPasswordAndSignIn(ledger, login, setupCode);
  let reply: Reply | null = null;
  for (let i = 0; i < 30 && reply === null; i++) {
    const answer = await signInFrom('127.0.0.6', `guess.${i}`, 'wrong password number x');
    if (answer.status === 429) reply = answer;
    else expect(answer.status).toBe(401);
  }
  expect(reply).not.toBeNull();
  const wait = retryAfter(reply!);
  expect((await signInFrom('127.0.0.7', login, TEST_PASSWORD)).status).toBe(201);
  waitOut(wait);
  expect((await signInFrom('127.0.0.6', login, TEST_PASSWORD)).status).toBe(201);
});

it('slows unknown tokens per address; known tokens from it still work; it lifts', async () => {
  let closed: Reply | null = null;
  for (let i = 0; i < 40 && closed === null; i++) {
    const answer = await meFrom('127.0.0.8', `ls_guessed-token-${i}-0123456789`);
    if (answer.status === 429) closed = answer;
    else expect(answer.status).toBe(401);
  }
  expect(closed).not.toBeNull();
  const wait = retryAfter(closed!);
  expect((await meFrom('127.0.0.8', TOKENS.auditor)).status).toBe(200);
  expect((await meFrom('127.0.0.9', 'ls_guessed-token-elsewhere-0123456789')).status).toBe(401);
  waitOut(wait);
  expect((await meFrom('127.0.0.8', 'ls_guessed-token-again-0123456789')).status).toBe(401);
});

it('behind a trusted proxy (LEDGER_TRUST_PROXY), tells clients apart by X-Forwarded-For', async () => {
  const proxied = await startLedger({ LEDGER_AUTH_THROTTLE: 'on', LEDGER_TRUST_PROXY: 'loopback' });
  try {
    const { login, setupCode } = await openAccount(proxied, 'finance');
    await setPasswordAndSignIn(proxied, login, setupCode);
    const from = (client: string, password: string) => proxied.http().post('/v1/sessions').set('X-Forwarded-For', client).send({ login, password });
    for (let i = 0; i < 6; i++) expect((await from('203.0.113.7', 'wrong password number x')).status).toBe(401);
    expect((await from('203.0.113.7', TEST_PASSWORD)).status).toBe(429);
    expect((await from('198.51.100.20', TEST_PASSWORD)).status).toBe(201);
  } finally {
    await proxied.close();
  }
});
