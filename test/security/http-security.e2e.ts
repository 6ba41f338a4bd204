/**
 * Security headers, the per-token rate limit, and the token registry's hashing (API.md "Authentication").
 */
import { TokenRegistry, sha256Hex } from '../../libs/platform/tokens.js';
import { RateLimiter } from '../../libs/platform/http/rate-limit.js';
import { TOKENS, startLedger, type TestLedger } from '../support/ledger-app.js';

describe('security headers', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(() => ledger.close());

  it.each([
    ['an answer', (l: TestLedger) => l.as('admin').get('/v1/units')],
    ['a 401', (l: TestLedger) => l.http().get('/v1/units')],
    ['a 400', (l: TestLedger) => l.as('admin').post('/v1/units').set('content-type', 'application/json').send('{')],
    ['the open health check', (l: TestLedger) => l.http().get('/health')],
  ])('on %s', async (_name, request) => {
    const res = await request(ledger);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('401 names the Bearer scheme', async () => {
    const res = await ledger.http().get('/v1/units').expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="ledger"');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('an oversize body is 413 problem+json, before validation', async () => {
    const res = await ledger
      .as('admin')
      .post('/v1/units')
      .send({ unitId: 'x', name: 'x'.repeat(300_000), kind: 'county' });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('rate limit per token', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_RATE_LIMIT: '5' });
  });
  afterAll(() => ledger.close());

  it('answers 429 problem+json with Retry-After past the limit, per token; unknown tokens stay 401', async () => {
    // The window is one clock minute; it can turn at most once here, so a 429 comes within 11 calls.
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<ReturnType<TestLedger['as']>['get']>> | null = null;
    while (!limited && statuses.length < 11) {
      const res = await ledger.as('auditor').get('/v1/units');
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(statuses.indexOf(429)).toBeGreaterThanOrEqual(5);
    expect(limited!.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited!.body).toMatchObject({ status: 429, title: 'Too many requests' });
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another token has its own budget; an unknown token is 401, not 429.
    expect((await ledger.as('supervisor').get('/v1/units')).status).toBe(200);
    expect((await ledger.http().get('/v1/units').set('authorization', 'Bearer not-a-known-token-000000')).status).toBe(401);
  });

  it('counts in fixed minute windows, keyed by the token hash; 0 turns it off', () => {
    let now = 60_000 * 1000 + 10_000;
    const limiter = new RateLimiter(2, () => now);
    expect([limiter.allow('a'), limiter.allow('a'), limiter.allow('a'), limiter.allow('b')]).toEqual([true, true, false, true]);
    expect(limiter.retryAfterSeconds()).toBe(50);
    now += 50_000;
    expect(limiter.allow('a')).toBe(true);
    const off = new RateLimiter(0);
    expect(Array.from({ length: 100 }, () => off.allow('a')).every(Boolean)).toBe(true);
    expect(JSON.stringify([...(limiter as unknown as { counts: Map<string, number> }).counts.keys()])).not.toContain('"a"');
  });
});

describe('token registry', () => {
  const token = 'a-token-of-twenty-four-chars';
  const registry = TokenRegistry.parse(
    JSON.stringify([
      { tokenSha256: sha256Hex(token), actor: 'hashed', role: 'auditor' },
      { token: TOKENS.admin, actor: 'plain', role: 'admin', unitId: 'qingyun' },
    ]),
    'test',
  );

  it('finds a principal by the hash of the presented token', () => {
    const fromFile = { accountId: null, credential: { kind: 'tokens-file' } };
    expect(registry.authenticate(token)).toEqual({ actor: 'hashed', role: 'auditor', unitId: null, displayName: 'hashed', ...fromFile });
    expect(registry.authenticate(TOKENS.admin)).toEqual({ actor: 'plain', role: 'admin', unitId: 'qingyun', displayName: 'plain', ...fromFile });
    expect(registry.authenticate(sha256Hex(token))).toBeNull();
    for (const near of [token.slice(0, -1), `${token}x`, token.toUpperCase(), ` ${token}`, '']) expect(registry.authenticate(near)).toBeNull();
  });

  it('keeps only hashes in memory', () => {
    const entries = (registry as unknown as { entries: { hash: Buffer }[] }).entries;
    expect(entries.map((e) => e.hash.toString('hex'))).toEqual([sha256Hex(token), sha256Hex(TOKENS.admin)]);
    expect(JSON.stringify(entries)).not.toContain(TOKENS.admin);
  });
});
