/**
 * One ledger per data directory, created on purpose only: the built server and CLI as child processes.
 * - A second server, or a writing CLI command (rebuild), beside a running server is refused with one
 *   line naming the holder's pid; read-only commands (verify, export) keep working beside it.
 * - A lock left by a process that no longer runs is taken over.
 * - The CLI never creates a ledger: a wrong LEDGER_DATA_DIR is refused (nothing created); `init` creates one.
 * - A deleted or truncated ledger.sqlite beside existing read models is refused, never replaced by a
 *   fresh empty ledger; damaged pages fail the start-up integrity check.
 */
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, runCli, spawnServer, startServer, type LedgerProcess } from '../support/server-process.js';

const ADMIN = 'one-ledger-admin-token-0123456789';
const RECORDER = 'one-ledger-recorder-token-012345';
let root: string;
let tokens: string;

beforeAll(async () => {
  await buildServer();
  root = mkdtempSync(join(tmpdir(), 'ledger-one-'));
  tokens = join(root, 'tokens.json');
  writeFileSync(
    tokens,
    JSON.stringify([
      { token: ADMIN, actor: 'admin.zhang', role: 'admin' },
      { token: RECORDER, actor: 'li.ming', role: 'recorder' },
    ]),
  );
}, 180_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const envFor = (dir: string) => ({ LEDGER_DATA_DIR: dir, LEDGER_TOKENS_FILE: tokens });

async function stop(server: LedgerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

async function failingStart(dir: string): Promise<string[]> {
  const server = spawnServer({ PORT: '0', ...envFor(dir) });
  const exit = await server.exited;
  expect(exit.code).toBe(1);
  return server.output().split('\n').filter((l) => l.trim() !== '');
}

/** A ledger with a unit in it, written through a running server, then stopped. */
async function ledgerWithData(name: string): Promise<string> {
  const dir = join(root, name);
  const server = await startServer(envFor(dir));
  try {
    const res = await fetch(`${server.url}/v1/units`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ unitId: 'xiajin', name: '夏津縣', kind: 'county' }),
    });
    expect(res.status).toBe(201);
  } finally {
    await stop(server);
  }
  return dir;
}

describe('one writer per data directory', () => {
  let dir: string;
  let server: LedgerProcess;
  beforeAll(async () => {
    dir = await ledgerWithData('running');
    server = await startServer(envFor(dir));
  }, 60_000);
  afterAll(() => stop(server));

  it('a second server is refused with one line naming the holder', async () => {
    const lines = await failingStart(dir);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^ledger failed to start: LEDGER_DATA_DIR .* is in use by pid ${server.child.pid} \\(ledger server`));
  });

  it('a CLI rebuild (a writer) is refused with one line naming the holder', async () => {
    const { code, out, err } = await runCli(envFor(dir), ['rebuild']);
    expect(code).not.toBe(0);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(new RegExp(`in use by pid ${server.child.pid}`));
  });

  it('read-only commands keep working beside it', async () => {
    const verify = await runCli(envFor(dir), ['verify']);
    expect(verify.err.includes('in use')).toBe(false);
    expect(verify.code).toBe(0);
    expect(verify.out).toMatch(/^ok: 1 events verified/);
    const file = join(root, 'beside.jsonl');
    const exported = await runCli(envFor(dir), ['export', file]);
    expect(exported.code).toBe(0);
    expect(statSync(file).size).toBeGreaterThan(0);
  });
});

it('a lock left by a process that no longer runs is taken over', async () => {
  const dir = await ledgerWithData('stale');
  writeFileSync(join(dir, 'ledger.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, command: 'killed', since: '2026-01-01T00:00:00Z' }));
  const server = await startServer(envFor(dir));
  await stop(server);
  expect(existsSync(join(dir, 'ledger.lock'))).toBe(false);
}, 60_000);

describe('the CLI never creates a ledger by accident', () => {
  it('a wrong LEDGER_DATA_DIR is refused and nothing is created', async () => {
    const wrong = join(root, 'typo', 'data');
    for (const args of [['verify'], ['statements', '2026-H1', '--format', 'csv'], ['demo']]) {
      const { code, out, err } = await runCli(envFor(wrong), args);
      expect({ args, code }).toEqual({ args, code: 1 });
      expect(out).not.toMatch(/ok: 0 events/);
      expect(err).toMatch(/holds no ledger .*npm run ledger -- init/);
    }
    expect(existsSync(join(root, 'typo'))).toBe(false);
  });

  it('an empty directory gets a ledger from init only', async () => {
    const dir = join(root, 'fresh');
    mkdirSync(dir);
    expect((await runCli(envFor(dir), ['verify'])).code).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
    const init = await runCli(envFor(dir), ['init']);
    expect(init.code).toBe(0);
    expect(init.out).toMatch(/ledger ready in .*fresh \(sqlite store, 0 events\)/);
    const verify = await runCli(envFor(dir), ['verify']);
    expect(verify.code).toBe(0);
    expect(verify.out).toMatch(/^ok: 0 events verified/);
  });
});

describe('a lost ledger is never replaced by a fresh one', () => {
  it.each([
    ['deleted', (file: string) => rmSync(file)],
    ['truncated', (file: string) => truncateSync(file, 0)],
  ])('ledger.sqlite %s beside the read models: the server and init refuse, nothing is created', async (how, lose) => {
    const dir = await ledgerWithData(`lost-${how}`);
    const file = join(dir, 'ledger.sqlite');
    lose(file);
    const lines = await failingStart(dir);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/holds read-models-sqlite\.sqlite but ledger\.sqlite is (missing|empty): refusing to start a fresh ledger beside them/);
    const init = await runCli(envFor(dir), ['init']);
    expect(init.code).toBe(1);
    expect(init.err).toMatch(/refusing to start a fresh ledger/);
    expect(existsSync(file) ? statSync(file).size : 0).toBe(0);
    const verify = await runCli(envFor(dir), ['verify']);
    expect(verify.code).toBe(1);
    expect(verify.out).not.toMatch(/ok: 0 events/);
  }, 60_000);

  it('damaged pages fail the start-up integrity check', async () => {
    const dir = await ledgerWithData('damaged');
    const file = join(dir, 'ledger.sqlite');
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    // One page of the events table: the file still opens, only reading every page finds it.
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, size - 4096);
    closeSync(fd);
    const lines = await failingStart(dir);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ledger failed to start: the event store .*ledger\.sqlite fails its integrity check: .*restore it from a backup/);
  }, 60_000);
});
