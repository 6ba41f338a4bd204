/**
 * Signing in and out, setting a password with a setup code, and personal API tokens. These touch only
 * the credentials file, never the ledger: no event holds a credential. Failed attempts are slowed per
 * client address and per address and login (libs/platform/http/throttle.ts); there is no lock on an
 * account alone, so nobody can lock a person out by guessing at their login.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Forbidden, NotFound, RuleViolation, Throttled, Unauthenticated } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/index.js';
import { Clock } from '../../platform/clock.js';
import type { LedgerConfig } from '../../platform/config.js';
import { Authenticator } from '../../platform/http/auth.js';
import { FailureThrottle, SIGN_IN_POLICY } from '../../platform/http/throttle.js';
import { LEDGER_CONFIG, READ_DB } from '../../platform/injection.js';
import type { Principal } from '../../platform/tokens.js';
import { CredentialStore, type ApiTokenRow } from '../credentials/credential-store.js';
import { hashPassword, verifyPassword } from '../credentials/passwords.js';
import { newApiToken, newSessionToken } from '../credentials/secrets.js';
import { passwordProblem } from '../domain/password-policy.js';
import { sessionExpiresAt } from '../domain/sessions.js';
import { findAccount } from '../read-model/accounts.projection.js';
import { accountView, type AccountView } from './account-commands.js';

export interface SessionAnswer {
  token: string;
  expiresAt: string;
  account: Omit<AccountView, 'disabled'>;
}

export interface ApiTokenView {
  tokenId: string;
  name: string;
  createdAt: string;
  expiresOn: string | null;
}

export interface NewApiToken extends ApiTokenView {
  token: string;
}

const WRONG = 'wrong login or password';

@Injectable()
export class Sessions {
  /** Failures per client address and login. */
  private readonly pairThrottle: FailureThrottle;

  constructor(
    private readonly credentials: CredentialStore,
    @Inject(READ_DB) private readonly db: ReadDb,
    private readonly clock: Clock,
    private readonly authenticator: Authenticator,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.pairThrottle = new FailureThrottle(SIGN_IN_POLICY, () => this.clock.now().getTime(), config.authThrottle);
  }

  async signIn(login: string, password: string, address: string): Promise<SessionAnswer> {
    await this.attempt(login, address, async () => {
      const account = findAccount(this.db, login);
      return verifyPassword(password, account && !account.disabled ? this.credentials.passwordHash(login) : null);
    });
    const account = findAccount(this.db, login)!;
    const token = newSessionToken();
    const now = this.clock.now().getTime();
    this.credentials.addSession(randomUUID(), token, login, now);
    const { disabled: _, ...view } = accountView(account);
    return { token, expiresAt: new Date(sessionExpiresAt({ createdAt: now, lastSeenAt: now })).toISOString(), account: view };
  }

  /** Sets the password with a live setup code (first password, or after a reset). The code is used up. */
  async setPassword(login: string, setupCode: string, password: string, address: string): Promise<void> {
    const problem = passwordProblem(password, login);
    if (problem) throw new RuleViolation('password-policy', problem);
    const hash = await hashPassword(password);
    await this.attempt(login, address, async () => {
      const account = findAccount(this.db, login);
      return account !== null && this.credentials.setPasswordWithCode(login, setupCode, hash, this.clock.now().getTime());
    });
  }

  /** Ends the session the request came with; other credentials cannot be signed out. */
  signOut(principal: Principal): void {
    if (principal.credential?.kind !== 'session') throw new RuleViolation('session-only', 'only a sign-in session can be signed out; this token is not one');
    this.credentials.deleteSession(principal.credential.id);
  }

  createApiToken(principal: Principal, name: string, expiresOn: string | null): NewApiToken {
    const login = this.ownLogin(principal);
    if (expiresOn !== null && expiresOn < this.clock.today()) throw new RuleViolation('token-expiry', `expiresOn ${expiresOn} is in the past`);
    const token = newApiToken();
    const row: ApiTokenRow = { tokenId: randomUUID(), login, name, createdAt: this.clock.now().toISOString(), expiresOn };
    this.credentials.addApiToken(row, token);
    return { ...tokenView(row), token };
  }

  apiTokens(principal: Principal): ApiTokenView[] {
    return this.credentials.apiTokensOf(this.ownLogin(principal)).map(tokenView);
  }

  revokeApiToken(principal: Principal, tokenId: string): void {
    if (!this.credentials.deleteApiToken(tokenId, this.ownLogin(principal))) throw new NotFound(`you have no API token ${tokenId}`);
  }

  private ownLogin(principal: Principal): string {
    if (!principal.accountId) throw new Forbidden('personal API tokens belong to accounts; a tokens-file token has none');
    return principal.actor;
  }

  /** Runs a credential check under the throttle: refused (429) while closed; a failure is answered 401 and counted. */
  private async attempt(login: string, address: string, check: () => Promise<boolean>): Promise<void> {
    const pair = `${address} ${login}`;
    const throttle = this.authenticator.addressThrottle;
    const wait = Math.max(throttle.retryAfter(address), this.pairThrottle.retryAfter(pair));
    if (wait) throw new Throttled('too many failed attempts; wait and try again', wait);
    if (await check()) {
      this.pairThrottle.succeed(pair);
      return;
    }
    this.pairThrottle.fail(pair);
    throttle.fail(address);
    throw new Unauthenticated(WRONG);
  }
}

const tokenView = (r: ApiTokenRow): ApiTokenView => ({ tokenId: r.tokenId, name: r.name, createdAt: r.createdAt, expiresOn: r.expiresOn });
