/**
 * The web console is served at / beside the API (issue 14: "GET / is 404"), with relative paths so a reverse proxy
 * may mount it on a sub-path; its CSP stays strict but sends upgrade-insecure-requests only when LEDGER_HTTPS=on,
 * so the console and Swagger UI load over plain HTTP on a LAN.
 */
import { startLedger, type TestLedger } from '../support/ledger-app.js';

// The console was built by jest's global set-up (test/global-setup.mjs).

describe('over plain HTTP (the default)', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(() => ledger.close());

  it('GET / is the console: one HTML page whose scripts and styles are all relative', async () => {
    const res = await ledger.http().get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.text).toContain('<div id="app"></div>');
    const urls = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((u) => u !== 'data:,');
    expect(urls.length).toBeGreaterThan(1);
    expect(urls.filter((u) => !u.startsWith('./assets/'))).toEqual([]);
    const script = /src="\.\/(assets\/index-[^"]+\.js)"/.exec(res.text)?.[1];
    const asset = await ledger.http().get(`/${script}`).expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('leaves the API under /v1 and Swagger UI at /docs as they were', async () => {
    await ledger.http().get('/v1/units').expect(401);
    await ledger.as('admin').get('/v1/units').expect(200);
    expect((await ledger.http().get('/docs').expect(200)).text).toContain('swagger-ui');
    await ledger.http().get('/no-such-page').expect(404);
  });

  it.each(['/', '/docs', '/v1/units'])('%s has a strict CSP without upgrade-insecure-requests', async (path) => {
    const csp = String((await ledger.http().get(path)).headers['content-security-policy']);
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/unsafe-eval/);
  });
});

describe('behind TLS (LEDGER_HTTPS=on)', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_HTTPS: 'on' });
  });
  afterAll(() => ledger.close());

  it('asks browsers to upgrade every request', async () => {
    expect(String((await ledger.http().get('/')).headers['content-security-policy'])).toContain('upgrade-insecure-requests');
  });
});

describe('with no console built', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_CONSOLE_DIR: '/nonexistent/console' });
  });
  afterAll(() => ledger.close());

  it('still serves the API, and / is a 404 problem', async () => {
    await ledger.as('admin').get('/v1/units').expect(200);
    await ledger.http().get('/').expect(404);
  });
});
