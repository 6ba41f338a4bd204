/** Starts the real application on a temporary SQLite ledger with known tokens, for e2e tests. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createLedgerApp } from '../../apps/ledger-api/create-app.js';
import { Clock } from '../../libs/platform/clock.js';
import { loadConfig, type LedgerConfig } from '../../libs/platform/config.js';

export const TOKENS = {
  admin: 'admin-token-0123456789',
  recorder: 'recorder-token-0123456789',
  xiajinRecorder: 'xiajin-recorder-token-0123',
  assessor: 'assessor-token-0123456789',
  finance: 'finance-token-0123456789',
  auditor: 'auditor-token-0123456789',
  supervisor: 'supervisor-token-0123456789',
} as const;
export type TokenName = keyof typeof TOKENS;

/** A settable clock: the ledger's "today" in tests is whatever the test says. */
export class TestClock extends Clock {
  constructor(public instant = new Date('2026-11-26T04:00:00Z')) {
    super();
  }
  now(): Date {
    return new Date(Math.max(Date.now(), this.instant.getTime()));
  }
  today(): string {
    return this.instant.toISOString().slice(0, 10);
  }
}

export interface TestLedger {
  app: NestFastifyApplication;
  dir: string;
  config: LedgerConfig;
  clock: TestClock;
  http: () => ReturnType<typeof request>;
  as: (who: TokenName) => { post: (path: string) => request.Test; get: (path: string) => request.Test };
  /** POSTs as `who` and insists on 201, failing with the problem body otherwise (set-up steps of a test). */
  created: (who: TokenName, path: string, body: object) => Promise<request.Response>;
  restart: () => Promise<void>;
  close: () => Promise<void>;
}

export async function startLedger(env: Record<string, string> = {}): Promise<TestLedger> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  const tokensFile = join(dir, 'tokens.json');
  writeFileSync(
    tokensFile,
    JSON.stringify([
      { token: TOKENS.admin, actor: 'admin.zhang', role: 'admin' },
      { token: TOKENS.recorder, actor: 'li.ming', role: 'recorder' },
      { token: TOKENS.xiajinRecorder, actor: 'zhao.xia', role: 'recorder', unitId: 'xiajin' },
      { token: TOKENS.assessor, actor: 'chen.ping', role: 'assessor' },
      { token: TOKENS.finance, actor: 'sun.li', role: 'finance' },
      { token: TOKENS.auditor, actor: 'wu.shen', role: 'auditor' },
      { token: TOKENS.supervisor, actor: 'zhou.jian', role: 'supervisor' },
    ]),
    { mode: 0o600 },
  );
  const config = loadConfig({ LEDGER_DATA_DIR: dir, LEDGER_TOKENS_FILE: tokensFile, LEDGER_RATE_LIMIT: '0', LEDGER_AUTH_THROTTLE: 'off', ...env });
  const clock = new TestClock();
  const ledger: TestLedger = {
    app: await openLedgerApp(config, clock),
    dir,
    config,
    clock,
    http: () => request(ledger.app.getHttpServer()),
    as: (who) => ({
      post: (path) => request(ledger.app.getHttpServer()).post(path).set('Authorization', `Bearer ${TOKENS[who]}`),
      get: (path) => request(ledger.app.getHttpServer()).get(path).set('Authorization', `Bearer ${TOKENS[who]}`),
    }),
    created: async (who, path, body) => {
      const res = await ledger.as(who).post(path).send(body);
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res;
    },
    restart: async () => {
      await ledger.app.close();
      ledger.app = await openLedgerApp(config, clock);
    },
    close: async () => {
      await ledger.app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return ledger;
}

/**
 * Ledgers of their own for the tests of one file, so that no test sees another's writes and the file passes in
 * any order (jest --randomize): call `const fresh = freshLedgers()` at the top of the file, then
 * `const ledger = await fresh()` in a test or a beforeEach. A ledger opened during a test is closed after it; one
 * opened in a beforeAll (a ledger its tests only read) after the file. `now` sets the clock of each.
 */
export function freshLedgers(options: { env?: Record<string, string>; now?: string } = {}): () => Promise<TestLedger> {
  const ofTest: TestLedger[] = [];
  const ofFile: TestLedger[] = [];
  let inTest = false;
  beforeEach(() => {
    inTest = true;
  });
  afterEach(async () => {
    inTest = false;
    await Promise.all(ofTest.splice(0).map((l) => l.close()));
  });
  afterAll(() => Promise.all(ofFile.splice(0).map((l) => l.close())));
  return async () => {
    const ledger = await startLedger(options.env);
    if (options.now) ledger.clock.instant = new Date(options.now);
    (inTest ? ofTest : ofFile).push(ledger);
    return ledger;
  };
}

/** The application on `config`, initialised and ready to answer supertest (Fastify loads its routes on ready). */
export async function openLedgerApp(config: LedgerConfig, clock: TestClock): Promise<NestFastifyApplication> {
  const app = await createLedgerApp({ config, clock });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** A CNY Money object as the API takes it. */
export const cny = (amount: string) => ({ amount, currency: 'CNY' });

/** Reads a binary download (xlsx) into a Buffer. */
export const binary = (req: request.Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
