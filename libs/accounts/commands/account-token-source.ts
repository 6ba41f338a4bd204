/**
 * Sessions and personal API tokens as bearer tokens: looked up by their sha-256 on every request, with
 * the account as it stands now (role, scope, disabled), so a change or a revocation counts from the
 * next request. An expired session is deleted when it is next presented.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { ReadDb } from '../../projector/index.js';
import { Clock } from '../../platform/clock.js';
import type { TokenSource } from '../../platform/http/auth.js';
import { READ_DB } from '../../platform/injection.js';
import type { Credential, Principal } from '../../platform/tokens.js';
import { CredentialStore } from '../credentials/credential-store.js';
import { API_TOKEN_PREFIX, SESSION_PREFIX } from '../credentials/secrets.js';
import { isSessionLive, isTokenLive } from '../domain/sessions.js';
import { findAccount } from '../read-model/accounts.projection.js';

/** A session's last use is written at most once a minute, not on every request. */
const TOUCH_EVERY_MS = 60_000;

@Injectable()
export class AccountTokenSource implements TokenSource {
  constructor(
    private readonly credentials: CredentialStore,
    @Inject(READ_DB) private readonly db: ReadDb,
    private readonly clock: Clock,
  ) {}

  authenticate(token: string): Principal | null {
    if (token.startsWith(SESSION_PREFIX)) return this.session(token);
    if (token.startsWith(API_TOKEN_PREFIX)) return this.apiToken(token);
    return null;
  }

  private session(token: string): Principal | null {
    const session = this.credentials.sessionByToken(token);
    if (!session) return null;
    const now = this.clock.now().getTime();
    if (!isSessionLive(session, now)) {
      this.credentials.deleteSession(session.sessionId);
      return null;
    }
    const principal = this.principal(session.login, { kind: 'session', id: session.sessionId });
    if (principal && now - session.lastSeenAt >= TOUCH_EVERY_MS) this.credentials.touchSession(session.sessionId, now);
    return principal;
  }

  private apiToken(token: string): Principal | null {
    const row = this.credentials.apiTokenByToken(token);
    if (!row || !isTokenLive(row.expiresOn, this.clock.today())) return null;
    return this.principal(row.login, { kind: 'api-token', id: row.tokenId });
  }

  private principal(login: string, credential: Credential): Principal | null {
    const account = findAccount(this.db, login);
    if (!account || account.disabled) return null;
    return { actor: account.login, role: account.role, unitId: account.unitId, accountId: account.accountId, displayName: account.displayName, credential };
  }
}
