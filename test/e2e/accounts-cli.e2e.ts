/**
 * The operator's account commands without the web console: create the first admin, reset a
 * password, revoke a person's tokens; run over the running app's modules like `npm run ledger`. Every
 * test runs on a ledger of its own, so the file passes in any order.
 */
import { PassThrough } from 'node:stream';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../apps/ledger-api/app.module.js';
import { accountsCliCommands } from '../../libs/accounts/index.js';
import { CliUsageError, parseCommandLine } from '../../libs/platform/cli/cli-command.js';
import { TEST_PASSWORD, bearer, setPasswordAndSignIn } from '../support/accounts.js';
import { freshLedgers, openLedgerApp, type TestLedger } from '../support/ledger-app.js';

const fresh = freshLedgers();
let ledger: TestLedger;
beforeEach(async () => {
  ledger = await fresh();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return cliOn(ledger.app, ...argv);
}

async function cliOn(app: INestApplicationContext, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const command = accountsCliCommands.find((c) => c.name === argv[0]);
  if (!command) throw new Error(`no command ${argv[0]}`);
  const [out, err] = [new PassThrough(), new PassThrough()];
  const chunks: Record<'out' | 'err', Buffer[]> = { out: [], err: [] };
  out.on('data', (c: Buffer) => chunks.out.push(c));
  err.on('data', (c: Buffer) => chunks.err.push(c));
  const code = await command.run(app, parseCommandLine(command, argv.slice(1)), { out, err });
  return { code, out: Buffer.concat(chunks.out).toString('utf8'), err: Buffer.concat(chunks.err).toString('utf8') };
}

const codeIn = (text: string) => /\b([A-Z2-9]{4}(?:-[A-Z2-9]{4}){3})\b/.exec(text)?.[1] ?? '';

/** zhang.wei, the first admin, made with the CLI: its password set with the code it printed (which signs in once). */
async function firstAdmin(): Promise<void> {
  const created = await cli('accounts:create', '--login', 'zhang.wei', '--name', '张伟', '--role', 'admin');
  if (created.code !== 0) throw new Error(`accounts:create: ${created.err}`);
  await setPasswordAndSignIn(ledger, 'zhang.wei', codeIn(created.out));
}

it('creates the first admin, who signs in and is recorded as the operator made it', async () => {
  const created = await cli('accounts:create', '--login', 'zhang.wei', '--name', '张伟', '--role', 'admin');
  expect(created.code).toBe(0);
  const code = codeIn(created.out);
  expect(code).not.toBe('');
  const token = await setPasswordAndSignIn(ledger, 'zhang.wei', code);
  const made = await ledger.http().post('/v1/accounts').set(bearer(token)).send({ login: 'li.hua', displayName: '李华', role: 'recorder' });
  expect(made.status).toBe(201);
  const list = await ledger.as('auditor').get('/v1/accounts');
  const byLogin = Object.fromEntries((list.body.accounts as { login: string; openedBy: string }[]).map((a) => [a.login, a.openedBy]));
  expect(byLogin['zhang.wei']).toMatch(/^cli:/);
  expect(byLogin['li.hua']).toBe('zhang.wei');
});

it('resets a password: the sessions end and the new code sets a new password', async () => {
  await firstAdmin();
  const session = (await ledger.http().post('/v1/sessions').send({ login: 'zhang.wei', password: TEST_PASSWORD })).body.token as string;
  const reset = await cli('accounts:reset', '--login', 'zhang.wei');
  expect(reset.code).toBe(0);
  expect((await ledger.http().get('/v1/me').set(bearer(session))).status).toBe(401);
  await setPasswordAndSignIn(ledger, 'zhang.wei', codeIn(reset.out), 'another long passphrase');
});

it('revokes one API token, or every session and token of a person', async () => {
  await firstAdmin();
  const session = (await ledger.http().post('/v1/sessions').send({ login: 'zhang.wei', password: TEST_PASSWORD })).body.token as string;
  const one = (await ledger.http().post('/v1/me/tokens').set(bearer(session)).send({ name: 'a' })).body as { tokenId: string; token: string };
  const two = (await ledger.http().post('/v1/me/tokens').set(bearer(session)).send({ name: 'b' })).body as { tokenId: string; token: string };
  expect((await cli('accounts:revoke', '--token-id', one.tokenId)).code).toBe(0);
  expect((await ledger.http().get('/v1/me').set(bearer(one.token))).status).toBe(401);
  expect((await ledger.http().get('/v1/me').set(bearer(two.token))).status).toBe(200);
  const all = await cli('accounts:revoke', '--login', 'zhang.wei');
  // The session of this test and the one firstAdmin signed in with.
  expect(all.err).toContain('2 session(s) and 1 API token(s) revoked');
  expect((await ledger.http().get('/v1/me').set(bearer(two.token))).status).toBe(401);
  expect((await ledger.http().get('/v1/me').set(bearer(session))).status).toBe(401);
  expect((await cli('accounts:revoke', '--token-id', one.tokenId)).code).toBe(1);
});

it('refuses a login that names a tokens-file actor (events record actors by name), in the CLI context too', async () => {
  await expect(cli('accounts:create', '--login', 'li.ming', '--name', '李明', '--role', 'recorder')).rejects.toThrow(/tokens file/);
  // The CLI's own context (no HTTP, no tokens admitted) still reads the tokens file's actors. It writes, so it
  // runs with the server stopped: one writer per data directory.
  await ledger.app.close();
  try {
    const context = await NestFactory.createApplicationContext(AppModule.forRoot({ tokens: false, config: ledger.config, clock: ledger.clock }), {
      logger: ['error'],
      abortOnError: false,
    });
    try {
      await expect(cliOn(context, 'accounts:create', '--login', 'zhao.xia', '--name', '赵霞', '--role', 'recorder')).rejects.toThrow(/tokens file/);
    } finally {
      await context.close();
    }
  } finally {
    ledger.app = await openLedgerApp(ledger.config, ledger.clock);
  }
});

it('refuses unclear usage', async () => {
  await expect(cli('accounts:revoke')).rejects.toThrow(CliUsageError);
  await expect(cli('accounts:create', '--login', 'x.y', '--name', 'X', '--role', 'root')).rejects.toThrow(/--role must be one of/);
});
