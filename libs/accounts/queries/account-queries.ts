import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFound } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/index.js';
import { READ_DB } from '../../platform/injection.js';
import type { Principal, Role } from '../../platform/tokens.js';
import { CredentialStore, type AccessEntry, type AccessFilter } from '../credentials/credential-store.js';
import { accountHistory, findAccount, listAccounts, type AccountChange, type AccountRecord } from '../read-model/accounts.projection.js';

export interface MeView {
  actor: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  accountId: string | null;
}

export const meView = (p: Principal): MeView => ({
  actor: p.actor,
  displayName: p.displayName ?? p.actor,
  role: p.role,
  unitId: p.unitId,
  accountId: p.accountId ?? null,
});

export type AccountDetail = AccountRecord;
export type AccountHistoryEntry = AccountChange;
export type AccessLogRecord = AccessEntry;

export interface AccessLogPage {
  entries: AccessLogRecord[];
  next: string | null;
}

export class ListAccountsQuery extends Query<{ accounts: AccountDetail[] }> {}

@QueryHandler(ListAccountsQuery)
export class ListAccountsHandler implements IQueryHandler<ListAccountsQuery, { accounts: AccountDetail[] }> {
  constructor(@Inject(READ_DB) private readonly db: ReadDb) {}

  async execute(): Promise<{ accounts: AccountDetail[] }> {
    return { accounts: listAccounts(this.db) };
  }
}

export class AccountHistoryQuery extends Query<{ login: string; history: AccountHistoryEntry[] }> {
  constructor(readonly login: string) {
    super();
  }
}

@QueryHandler(AccountHistoryQuery)
export class AccountHistoryHandler implements IQueryHandler<AccountHistoryQuery, { login: string; history: AccountHistoryEntry[] }> {
  constructor(@Inject(READ_DB) private readonly db: ReadDb) {}

  async execute({ login }: AccountHistoryQuery): Promise<{ login: string; history: AccountHistoryEntry[] }> {
    if (!findAccount(this.db, login)) throw new NotFound(`no account ${login}`);
    return { login, history: accountHistory(this.db, login) };
  }
}

export class AccessLogQuery extends Query<AccessLogPage> {
  constructor(readonly filter: AccessFilter) {
    super();
  }
}

@QueryHandler(AccessLogQuery)
export class AccessLogHandler implements IQueryHandler<AccessLogQuery, AccessLogPage> {
  constructor(private readonly credentials: CredentialStore) {}

  async execute({ filter }: AccessLogQuery): Promise<AccessLogPage> {
    const rows = this.credentials.accessLog({ ...filter, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    return { entries: page.map((r) => r.entry), next: rows.length > filter.limit ? String(page.at(-1)!.seq) : null };
  }
}
