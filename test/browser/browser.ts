/**
 * Browser tests of the web console: Debian's Chromium driven by playwright-core against the real application on a
 * loopback port. One browser per test file; each role gets its own context (its own sessionStorage), reused across
 * that file's steps. Every console message of level warning or error and every uncaught page error is collected, and
 * a file fails when any appeared. Screenshots go to test-artifacts/console/ (git-ignored).
 */
import { mkdirSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { listenOnLoopback } from '../support/http-routes.js';
import { startLedger, TOKENS, type TestLedger, type TokenName } from '../support/ledger-app.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ConsoleRun {
  ledger: TestLedger;
  base: string;
  browser: Browser;
  /** Messages of level warning/error and page errors, each prefixed with where they came from. */
  troubles: string[];
  /** Every answer of 400 and above the pages received, as "409 POST /v1/projects". */
  refusals: string[];
  /** A page signed in with a tokens-file token of this role, made once and reused. */
  pageAs: (who: TokenName, viewport?: { width: number; height: number }) => Promise<Page>;
  /** A page under a name, signed in once by `signIn` (a person's account), then reused. */
  pageOf: (name: string, signIn: (page: Page) => Promise<void>) => Promise<Page>;
  /** A fresh page nobody signed in on. */
  freshPage: (viewport?: { width: number; height: number }) => Promise<Page>;
  shot: (page: Page, name: string) => Promise<void>;
  close: () => Promise<void>;
}

/**
 * A reverse proxy that serves the ledger under `prefix` (e.g. /ledger/), as a LAN's web server would: requests
 * outside the prefix are 404, the prefix is stripped on the way in. Returns the proxied base URL.
 */
export async function subPathProxy(target: string, prefix: string): Promise<{ base: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (!req.url?.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    const upstream = request(new URL(req.url.slice(prefix.length - 1), target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the proxy is not listening');
  return {
    base: `http://127.0.0.1:${address.port}${prefix}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export const LAPTOP = { width: 1366, height: 768 };
export const WALL = { width: 1920, height: 1080 };

/** `today`: the ledger's day and the browser's (its clock installed at noon in Shanghai), for a ledger of that day. */
export async function startConsole(options: { today?: string } = {}): Promise<ConsoleRun> {
  // The console itself was built by jest's global set-up (test/global-setup.mjs).
  mkdirSync(ARTIFACTS, { recursive: true });
  const ledger = await startLedger();
  const noon = options.today ? new Date(`${options.today}T12:00:00+08:00`) : null;
  if (noon) ledger.clock.instant = noon;
  const base = `${await listenOnLoopback(ledger.app)}/`;
  // playwright launches with a fresh temporary profile (user-data-dir) of its own.
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const troubles: string[] = [];
  const refusals: string[] = [];
  const contexts: BrowserContext[] = [];
  const pages = new Map<string, Page>();

  async function freshPage(viewport = LAPTOP): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    contexts.push(context);
    if (noon) await context.clock.install({ time: noon });
    const page = await context.newPage();
    page.on('console', (m) => {
      // Chromium logs each 4xx answer as "Failed to load resource": those are counted, exactly, in refusals.
      if (m.type() === 'error' && m.text().startsWith('Failed to load resource')) return;
      if (m.type() === 'error' || m.type() === 'warning') troubles.push(`${m.type()}: ${m.text()} (${m.location().url})`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) refusals.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
    });
    page.on('pageerror', (e) => troubles.push(`page error: ${e.message}`));
    page.setDefaultTimeout(15_000);
    return page;
  }

  return {
    ledger,
    base,
    browser,
    troubles,
    refusals,
    freshPage,
    pageAs: async (who, viewport) => {
      const known = pages.get(`token:${who}`);
      if (known) return known;
      const page = await freshPage(viewport);
      await signInWithToken(page, base, TOKENS[who]);
      pages.set(`token:${who}`, page);
      return page;
    },
    pageOf: async (name, signIn) => {
      const known = pages.get(name);
      if (known) return known;
      const page = await freshPage();
      await signIn(page);
      pages.set(name, page);
      return page;
    },
    shot: async (page, name) => {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
    },
    close: async () => {
      for (const context of contexts) await context.close();
      await browser.close();
      await ledger.close();
    },
  };
}

/** Signs in with a login and password (the "账号登录" tab). */
export async function signInWithPassword(page: Page, base: string, login: string, password: string): Promise<void> {
  await page.goto(base);
  await page.locator('input[data-test="login"]').fill(login);
  await page.locator('input[data-test="password"]').fill(password);
  await page.locator('[data-test="sign-in"]').click();
}

/** Signs in by pasting an API token (the "API 令牌" tab). */
export async function signInWithToken(page: Page, base: string, token: string): Promise<void> {
  await page.goto(base);
  await page.getByRole('tab', { name: 'API 令牌' }).click();
  await page.locator('input[data-test="token"]').fill(token);
  await page.locator('[data-test="sign-in"]').click();
  await page.locator('[data-test="who"]').waitFor();
}

/** Element Plus widgets, by the data-field of their form item. */
export const form = (page: Page, scope: string) => {
  const item = (field: string) => page.locator(`${scope} [data-field="${field}"]`);
  return {
    fill: (field: string, value: string) => item(field).locator('input').first().fill(value),
    /** A date picker: type the day and press Enter, as a person with a keyboard does. */
    date: async (field: string, value: string) => {
      const input = item(field).locator('input').first();
      await input.fill(value);
      await input.press('Enter');
    },
    choose: async (field: string, label: string) => {
      await item(field).locator('.el-select__wrapper').click();
      await page.locator('.el-select-dropdown__item:visible, .el-tree-node__content:visible').filter({ hasText: label }).first().click();
    },
    error: (field: string) => item(field).locator('.el-form-item__error'),
    submit: () => page.locator(`${scope} [data-test="submit"]`).click(),
  };
};
