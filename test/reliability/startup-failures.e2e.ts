/**
 * Start-up failures say what is wrong: the built server, spawned on a broken set-up, exits non-zero
 * with one line naming the problem (no stack trace, no core dump).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { NO_STREAM, SqliteEventStore } from '../../libs/event-store/index.js';
import { STORE_FORMAT } from '../../libs/event-store/sqlite/schema.js';
import { buildServer, spawnServer, startServer, stopServer } from '../support/server-process.js';

let root: string;
const TOKENS = JSON.stringify([{ token: 'startup-admin-token-0123456789', actor: 'admin.zhang', role: 'admin' }]);

beforeAll(async () => {
  await buildServer();
  root = mkdtempSync(join(tmpdir(), 'ledger-startup-'));
}, 180_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function setUp(name: string): { dir: string; tokens: string } {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const tokens = join(root, `${name}-tokens.json`);
  writeFileSync(tokens, TOKENS);
  return { dir, tokens };
}

/** Runs the server to its end and returns its exit code and the lines it wrote. */
async function failingStart(env: Record<string, string>, wrapper: string[] = []): Promise<{ code: number | null; lines: string[] }> {
  const server = spawnServer({ PORT: '0', ...env }, wrapper);
  const exit = await server.exited;
  return {
    code: exit.code,
    lines: server
      .output()
      .split('\n')
      .filter((l) => l.trim() !== ''),
  };
}

function expectOneClearLine(result: { code: number | null; lines: string[] }, says: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.lines).toHaveLength(1);
  expect(result.lines[0]).toMatch(/^ledger failed to start: /);
  expect(result.lines[0]).toMatch(says);
  expect(result.lines[0]).not.toMatch(/\n| {4}at /);
}

/** Root ignores permission bits, so a read-only disk is a read-only bind mount in a private mount namespace. */
function canUnshare(): boolean {
  try {
    execFileSync('unshare', ['-m', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

it('a data directory that is a file', async () => {
  const { tokens } = setUp('file-dir');
  const file = join(root, 'not-a-dir');
  writeFileSync(file, 'x');
  expectOneClearLine(await failingStart({ LEDGER_DATA_DIR: file, LEDGER_TOKENS_FILE: tokens }), /LEDGER_DATA_DIR .*not-a-dir is not a directory/);
});

it('an unreadable data directory', async () => {
  const { tokens } = setUp('unreadable');
  const parent = join(root, 'locked');
  mkdirSync(parent);
  // Under a file, the directory can be neither read nor created, whoever runs the test.
  writeFileSync(join(parent, 'blocker'), 'x');
  const result = await failingStart({ LEDGER_DATA_DIR: join(parent, 'blocker', 'data'), LEDGER_TOKENS_FILE: tokens });
  expectOneClearLine(result, /LEDGER_DATA_DIR .*blocker\/data is not a readable and writable directory/);
  if (process.getuid?.() !== 0) {
    const noAccess = join(root, 'no-access');
    mkdirSync(noAccess);
    chmodSync(noAccess, 0o000);
    const denied = await failingStart({ LEDGER_DATA_DIR: noAccess, LEDGER_TOKENS_FILE: tokens });
    chmodSync(noAccess, 0o700);
    expectOneClearLine(denied, /not a readable and writable directory: permission denied/);
  }
});

it('a read-only data directory holding a ledger', async () => {
  const { dir, tokens } = setUp('read-only');
  // A real ledger first, so the failure is the disk and not an empty directory.
  const store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
  await store.append(
    'unit-ro',
    [
      {
        type: 'UnitRegistered',
        data: { unitId: 'ro', name: 'ro', kind: 'county', parentId: null },
        occurredOn: '2026-01-01',
        actor: 'admin.zhang',
        role: 'admin',
      },
    ],
    { expectedRevision: NO_STREAM },
  );
  await store.close();
  const env = { LEDGER_DATA_DIR: dir, LEDGER_TOKENS_FILE: tokens };
  let result: { code: number | null; lines: string[] };
  if (process.getuid?.() === 0 && canUnshare()) {
    result = await failingStart(env, ['unshare', '-m', 'sh', '-c', `mount --bind -o ro "${dir}" "${dir}" && exec "$0" "$@"`]);
  } else {
    chmodSync(dir, 0o500);
    result = await failingStart(env);
    chmodSync(dir, 0o700);
  }
  expectOneClearLine(result, /LEDGER_DATA_DIR .*read-only is not a readable and writable directory: (it is on a read-only file system|permission denied)/);
});

it('a corrupt event store file', async () => {
  const { dir, tokens } = setUp('corrupt');
  writeFileSync(join(dir, 'ledger.sqlite'), 'SQLite format 2\0 this is not a database '.repeat(200));
  expectOneClearLine(
    await failingStart({ LEDGER_DATA_DIR: dir, LEDGER_TOKENS_FILE: tokens }),
    /the event store .*ledger\.sqlite fails its integrity check: file is not a database; restore it from a backup/,
  );
});

it('a corrupt read-model file', async () => {
  const { dir, tokens } = setUp('corrupt-read');
  await new SqliteEventStore(join(dir, 'ledger.sqlite')).close();
  writeFileSync(join(dir, 'read-models-sqlite.sqlite'), 'garbage '.repeat(500));
  expectOneClearLine(await failingStart({ LEDGER_DATA_DIR: dir, LEDGER_TOKENS_FILE: tokens }), /cannot open the read-model database .*file is not a database/);
});

it('a corrupt credentials file', async () => {
  const { dir, tokens } = setUp('corrupt-credentials');
  writeFileSync(join(dir, 'credentials.sqlite'), 'garbage '.repeat(500));
  expectOneClearLine(
    await failingStart({ LEDGER_DATA_DIR: dir, LEDGER_TOKENS_FILE: tokens }),
    /cannot open the credentials database .*credentials\.sqlite: file is not a database/,
  );
});

it('a store written by a newer version', async () => {
  const { dir, tokens } = setUp('newer');
  const db = new Database(join(dir, 'ledger.sqlite'));
  db.pragma('user_version = 7');
  db.close();
  expectOneClearLine(
    await failingStart({ LEDGER_DATA_DIR: dir, LEDGER_TOKENS_FILE: tokens }),
    new RegExp(`written by a newer ledger \\(store format 7; this build reads up to ${STORE_FORMAT}\\)\\. Upgrade the ledger\\.`),
  );
});

it.each([
  ['not JSON', '{"token": ', /tokens file .* is not valid JSON/],
  ['not an array', '{"token": "x"}', /tokens file .* must hold a JSON array/],
  ['an unknown role', JSON.stringify([{ token: 'a-long-enough-token-123', actor: 'x', role: 'root' }]), /entry 0: role must be one of admin, recorder/],
  ['a short token', JSON.stringify([{ token: 'short', actor: 'x', role: 'admin' }]), /entry 0: needs "token" \(16 characters or more\) or "tokenSha256"/],
  ['a bad hash', JSON.stringify([{ tokenSha256: 'abc', actor: 'x', role: 'admin' }]), /entry 0: needs "token" .* or "tokenSha256" \(64 hex digits\)/],
  ['no actor', JSON.stringify([{ token: 'a-long-enough-token-123', role: 'admin' }]), /entry 0: actor is missing/],
  // A misspelt key once silently dropped a unit scope: a recorder meant for one county wrote for all.
  [
    'a misspelt unitId',
    JSON.stringify([{ token: 'a-long-enough-token-123', actor: 'x', role: 'recorder', unitID: 'qingyun' }]),
    /entry 0: unknown key "unitID"; allowed: token, tokenSha256, actor, role, unitId/,
  ],
  [
    'the same token twice',
    JSON.stringify([
      { token: 'a-long-enough-token-123', actor: 'x', role: 'recorder', unitId: 'qingyun' },
      { token: 'a-long-enough-token-123', actor: 'y', role: 'admin' },
    ]),
    /entry 1: the same token as entry 0; every token must be listed once/,
  ],
  [
    'a token and its hash',
    JSON.stringify([
      { token: 'a-long-enough-token-123', actor: 'x', role: 'auditor' },
      { tokenSha256: createHash('sha256').update('a-long-enough-token-123').digest('hex').toUpperCase(), actor: 'y', role: 'admin' },
    ]),
    /entry 1: the same token as entry 0/,
  ],
  [
    'both token and tokenSha256',
    JSON.stringify([{ token: 'a-long-enough-token-123', tokenSha256: 'a'.repeat(64), actor: 'x', role: 'admin' }]),
    /entry 0: give "token" or "tokenSha256", not both/,
  ],
  [
    'an empty unitId',
    JSON.stringify([{ token: 'a-long-enough-token-123', actor: 'x', role: 'recorder', unitId: '' }]),
    /entry 0: unitId must be a non-empty string/,
  ],
])('a bad tokens file: %s', async (_name, text, says) => {
  const { dir, tokens } = setUp(`tokens-${_name.replace(/\W/g, '-')}`);
  writeFileSync(tokens, text);
  expectOneClearLine(await failingStart({ LEDGER_DATA_DIR: dir, LEDGER_TOKENS_FILE: tokens }), says);
});

it('a world-readable tokens file holding clear tokens starts with a loud warning; a private one or hashes only, without', async () => {
  const { dir, tokens } = setUp('world-readable');
  chmodSync(tokens, 0o644);
  const loud = await startServer({ LEDGER_DATA_DIR: dir, LEDGER_TOKENS_FILE: tokens });
  await stopServer(loud);
  expect(loud.output()).toMatch(/WARNING: tokens file .*world-readable-tokens\.json holds tokens in clear and every user of this machine may read it/);
  chmodSync(tokens, 0o600);
  const quiet = await startServer({ LEDGER_DATA_DIR: dir, LEDGER_TOKENS_FILE: tokens });
  await stopServer(quiet);
  expect(quiet.output()).not.toMatch(/WARNING/);
  writeFileSync(
    tokens,
    JSON.stringify([{ tokenSha256: createHash('sha256').update('startup-admin-token-0123456789').digest('hex'), actor: 'admin.zhang', role: 'admin' }]),
  );
  chmodSync(tokens, 0o644);
  const hashed = await startServer({ LEDGER_DATA_DIR: dir, LEDGER_TOKENS_FILE: tokens });
  await stopServer(hashed);
  expect(hashed.output()).not.toMatch(/WARNING/);
}, 60_000);

it('the first start without a tokens file prints one admin token, once, as a plain block on stdout', async () => {
  const { dir } = setUp('first-start');
  const first = await startServer({ LEDGER_DATA_DIR: dir });
  await stopServer(first);
  const block = /First start: a bootstrap admin token was created[^\n]*\n[^\n]*\n {2}admin {6}(\S+)\n/.exec(first.output());
  expect(block).not.toBeNull();
  const stored = readFileSync(join(dir, 'tokens.json'), 'utf8');
  expect(stored).not.toContain(block![1]);
  expect(stored).toContain(createHash('sha256').update(block![1]).digest('hex'));
  const second = await startServer({ LEDGER_DATA_DIR: dir });
  await stopServer(second);
  expect(second.output()).not.toContain(block![1]);
}, 60_000);

it('a tokens file that does not exist', async () => {
  const { dir } = setUp('missing-tokens');
  expectOneClearLine(
    await failingStart({ LEDGER_DATA_DIR: dir, LEDGER_TOKENS_FILE: join(root, 'nowhere.json') }),
    /LEDGER_TOKENS_FILE .*nowhere\.json does not exist/,
  );
});

it('bad settings', async () => {
  const { dir, tokens } = setUp('settings');
  expectOneClearLine(
    await failingStart({ LEDGER_DATA_DIR: dir, LEDGER_TOKENS_FILE: tokens, LEDGER_RATE_LIMIT: 'lots' }),
    /LEDGER_RATE_LIMIT must be a whole number, got "lots"/,
  );
  expectOneClearLine(
    await failingStart({ LEDGER_DATA_DIR: dir, LEDGER_TOKENS_FILE: tokens, LEDGER_AUTH_THROTTLE: 'maybe' }),
    /LEDGER_AUTH_THROTTLE must be on or off, got "maybe"/,
  );
});
