import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { Projection } from '../projector/index.js';
import type { LedgerConfig } from '../platform/config.js';
import { Authenticator } from '../platform/http/auth.js';
import { LEDGER_CONFIG } from '../platform/injection.js';
import { ChangeAccountHandler, OpenAccountHandler, ResetPasswordHandler } from './commands/account-commands.js';
import { AccountTokenSource } from './commands/account-token-source.js';
import { Sessions } from './commands/sessions.js';
import { CredentialStore } from './credentials/credential-store.js';
import { AccessLogInterceptor } from './http/access-log.interceptor.js';
import { ANONYMOUS_ROUTES, AccessLogController, AccountsController, MeController, SessionsController } from './http/accounts.controller.js';
import { AccessLogHandler, AccountHistoryHandler, ListAccountsHandler } from './queries/account-queries.js';
import { AccountsProjection } from './read-model/accounts.projection.js';

/** The read models this capability owns, handed to LedgerCoreModule.forRoot by the app. */
export const accountsProjections = (): Projection[] => [new AccountsProjection()];

/** Closes the credentials file with the application. */
class CredentialStoreLifecycle {
  constructor(private readonly store: CredentialStore) {}
  onApplicationShutdown(): void {
    this.store.close();
  }
}

@Module({
  imports: [CqrsModule],
  controllers: [SessionsController, MeController, AccountsController, AccessLogController],
  providers: [
    { provide: CredentialStore, inject: [LEDGER_CONFIG], useFactory: (config: LedgerConfig) => new CredentialStore(config.dataDir) },
    { provide: CredentialStoreLifecycle, inject: [CredentialStore], useFactory: (store: CredentialStore) => new CredentialStoreLifecycle(store) },
    { provide: APP_INTERCEPTOR, useClass: AccessLogInterceptor },
    AccountTokenSource,
    Sessions,
    OpenAccountHandler,
    ChangeAccountHandler,
    ResetPasswordHandler,
    ListAccountsHandler,
    AccountHistoryHandler,
    AccessLogHandler,
  ],
  exports: [CredentialStore, Sessions],
})
export class AccountsModule implements OnModuleInit {
  constructor(
    @Inject(Authenticator) private readonly authenticator: Authenticator,
    private readonly source: AccountTokenSource,
  ) {}

  onModuleInit(): void {
    this.authenticator.addSource(this.source);
    for (const [method, path] of ANONYMOUS_ROUTES) this.authenticator.allowAnonymous(method, path);
  }
}
