/**
 * An admin opens, changes and resets accounts: each is an event on the account's stream (who did it
 * and when is the event's metadata); the setup code goes to the credentials file, never into the event.
 */
import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFound, RuleViolation } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/index.js';
import { Clock } from '../../platform/clock.js';
import { StreamWriter } from '../../platform/commands/stream-writer.js';
import type { WriteContext } from '../../platform/commands/write-context.js';
import { READ_DB } from '../../platform/injection.js';
import { TokenRegistry, type Role } from '../../platform/tokens.js';
import { assertUnitExists } from '../../projects/index.js';
import { CredentialStore } from '../credentials/credential-store.js';
import { newSetupCode } from '../credentials/secrets.js';
import { NO_ACCOUNT, decide, evolve, type AccountCommand, type AccountState } from '../domain/account.js';
import { accountStreamId, isAccountEvent, type AccountEvent } from '../domain/events.js';
import { SETUP_CODE_TTL_MS } from '../domain/sessions.js';
import { findAccount, type AccountRecord } from '../read-model/accounts.projection.js';

export interface AccountView {
  accountId: string;
  login: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  disabled: boolean;
}

export interface SetupCodeAnswer {
  setupCode: string;
  /** ISO instant after which the code no longer works. */
  setupCodeExpiresAt: string;
}

export const accountView = (a: AccountRecord): AccountView => ({
  accountId: a.accountId,
  login: a.login,
  displayName: a.displayName,
  role: a.role,
  unitId: a.unitId,
  disabled: a.disabled,
});

export class OpenAccountCommand extends Command<AccountView & SetupCodeAnswer> {
  constructor(
    readonly login: string,
    readonly displayName: string,
    readonly role: Role,
    readonly unitId: string | null,
    readonly write: WriteContext,
  ) {
    super();
  }
}

export class ChangeAccountCommand extends Command<AccountView> {
  constructor(
    readonly login: string,
    readonly change: { role?: Role; unitId?: string | null; disabled?: boolean },
    readonly write: WriteContext,
  ) {
    super();
  }
}

export class ResetPasswordCommand extends Command<SetupCodeAnswer> {
  constructor(
    readonly login: string,
    readonly write: WriteContext,
  ) {
    super();
  }
}

/** The account writes' shared steps: decide on the stream, then read the account back. */
abstract class AccountWriter {
  constructor(
    protected readonly writer: StreamWriter,
    @Inject(READ_DB) protected readonly db: ReadDb,
    protected readonly credentials: CredentialStore,
    protected readonly clock: Clock,
  ) {}

  protected async decideOn(command: AccountCommand, write: WriteContext): Promise<AccountRecord> {
    await this.writer.decideAndAppend<AccountState, AccountEvent>({
      streamId: accountStreamId(command.login),
      is: isAccountEvent,
      initial: NO_ACCOUNT,
      evolve,
      decide: (state) => decide(command, state),
      occurredOn: () => this.writer.today(),
      write,
    });
    const account = findAccount(this.db, command.login);
    if (!account) throw new Error(`account ${command.login} was written but is not in the read model`);
    return account;
  }

  protected existing(login: string): AccountRecord {
    const account = findAccount(this.db, login);
    if (!account) throw new NotFound(`no account ${login}`);
    return account;
  }

  /**
   * A fresh one-time code; an earlier one stops working. A replayed request (same Idempotency-Key)
   * also gets a fresh code: the first answer's code was shown once and is not stored in clear.
   */
  protected issueCode(login: string): SetupCodeAnswer {
    const code = newSetupCode();
    const expiresAt = this.clock.now().getTime() + SETUP_CODE_TTL_MS;
    this.credentials.issueSetupCode(login, code, expiresAt);
    return { setupCode: code, setupCodeExpiresAt: new Date(expiresAt).toISOString() };
  }
}

@CommandHandler(OpenAccountCommand)
export class OpenAccountHandler extends AccountWriter implements ICommandHandler<OpenAccountCommand, AccountView & SetupCodeAnswer> {
  constructor(
    writer: StreamWriter,
    @Inject(READ_DB) db: ReadDb,
    credentials: CredentialStore,
    clock: Clock,
    private readonly tokens: TokenRegistry,
  ) {
    super(writer, db, credentials, clock);
  }

  async execute(c: OpenAccountCommand): Promise<AccountView & SetupCodeAnswer> {
    if (c.unitId !== null) assertUnitExists(this.db, c.unitId);
    // Events record the actor by name: an account may not take a name the tokens file gives a machine.
    if (this.tokens.actors().has(c.login)) throw new RuleViolation('login-unique', `the login ${c.login} is an actor of the tokens file`);
    const account = await this.decideOn(
      { type: 'OpenAccount', accountId: randomUUID(), login: c.login, displayName: c.displayName, role: c.role, unitId: c.unitId },
      c.write,
    );
    return { ...accountView(account), ...this.issueCode(c.login) };
  }
}

@CommandHandler(ChangeAccountCommand)
export class ChangeAccountHandler extends AccountWriter implements ICommandHandler<ChangeAccountCommand, AccountView> {
  async execute(c: ChangeAccountCommand): Promise<AccountView> {
    this.existing(c.login);
    if (c.change.unitId) assertUnitExists(this.db, c.change.unitId);
    const account = await this.decideOn({ type: 'ChangeAccount', login: c.login, ...c.change }, c.write);
    // A disabled person's sessions end now (their API tokens are refused while the account is disabled).
    if (account.disabled) this.credentials.deleteSessionsOf(c.login);
    return accountView(account);
  }
}

@CommandHandler(ResetPasswordCommand)
export class ResetPasswordHandler extends AccountWriter implements ICommandHandler<ResetPasswordCommand, SetupCodeAnswer> {
  async execute(c: ResetPasswordCommand): Promise<SetupCodeAnswer> {
    this.existing(c.login);
    await this.decideOn({ type: 'ResetPassword', login: c.login }, c.write);
    this.credentials.deleteSessionsOf(c.login);
    return this.issueCode(c.login);
  }
}
