/**
 * The operator's account commands, for a ledger without the web console: create an account (the
 * first admin), reset a password, revoke a person's sessions and tokens. They write through the same
 * command handlers as the API; the events name the operator as `cli:<system user>`.
 */
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CliUsageError, option, optional, type CliCommand } from '../../platform/cli/cli-command.js';
import type { WriteContext } from '../../platform/commands/write-context.js';
import { ROLES, type Role } from '../../platform/tokens.js';
import { OpenAccountCommand, ResetPasswordCommand, type SetupCodeAnswer } from '../commands/account-commands.js';
import { CredentialStore } from '../credentials/credential-store.js';

function operator(): WriteContext {
  return { principal: { actor: `cli:${userInfo().username}`, role: 'admin', unitId: null }, requestHash: randomUUID() };
}

const printCode = (io: { out: NodeJS.WritableStream }, login: string, answer: SetupCodeAnswer) =>
  io.out.write(
    `setup code for ${login} (shown once, works until ${answer.setupCodeExpiresAt}):\n  ${answer.setupCode}\nSet the password with POST /v1/accounts/password or the web console.\n`,
  );

export const createAccountCommand: CliCommand = {
  name: 'accounts:create',
  usage: 'accounts:create --login LOGIN --name NAME --role ROLE [--unit UNIT]',
  access: 'write',
  describe: 'create an account (e.g. the first admin) and print its one-time setup code',
  options: { login: 'string', name: 'string', role: 'string', unit: 'string' },
  async run(app: INestApplicationContext, args, io) {
    const login = option(args, 'login');
    const name = option(args, 'name');
    const role = option(args, 'role', ROLES) as Role;
    const account = await app.get(CommandBus).execute(new OpenAccountCommand(login, name, role, optional(args, 'unit') ?? null, operator()));
    io.err.write(`account ${account.login} (${account.role}${account.unitId ? `, ${account.unitId}` : ''}) created\n`);
    printCode(io, login, account);
    return 0;
  },
};

export const resetPasswordCommand: CliCommand = {
  name: 'accounts:reset',
  usage: 'accounts:reset --login LOGIN',
  access: 'write',
  describe: "reset an account's password: end its sessions and print a new one-time setup code",
  options: { login: 'string' },
  async run(app, args, io) {
    const login = option(args, 'login');
    const answer = await app.get(CommandBus).execute(new ResetPasswordCommand(login, operator()));
    printCode(io, login, answer);
    return 0;
  },
};

export const revokeCommand: CliCommand = {
  name: 'accounts:revoke',
  // Only the credentials file, no ledger event: works beside a running server (an emergency measure).
  usage: 'accounts:revoke (--token-id ID | --login LOGIN)',
  describe: 'revoke one personal API token, or every session and API token of an account',
  options: { 'token-id': 'string', login: 'string' },
  async run(app, args, io) {
    const store = app.get(CredentialStore);
    const tokenId = optional(args, 'token-id') ?? null;
    const login = optional(args, 'login') ?? null;
    if ((tokenId === null) === (login === null)) throw new CliUsageError('give --token-id or --login (one of them)');
    if (tokenId !== null) {
      if (!store.deleteApiToken(tokenId, null)) {
        io.err.write(`no API token ${tokenId}\n`);
        return 1;
      }
      io.err.write(`API token ${tokenId} revoked\n`);
      return 0;
    }
    const sessions = store.deleteSessionsOf(login!);
    const tokens = store.deleteApiTokensOf(login!);
    io.err.write(`${login}: ${sessions} session(s) and ${tokens} API token(s) revoked\n`);
    return 0;
  },
};

export const accountsCliCommands: CliCommand[] = [createAccountCommand, resetPasswordCommand, revokeCommand];
