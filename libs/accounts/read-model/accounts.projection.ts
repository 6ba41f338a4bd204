import type { ProjectedEvent } from '../../event-store/index.js';
import type { Projection, ReadDb } from '../../projector/index.js';
import type { Role } from '../../platform/tokens.js';
import { ACCOUNT_STREAM_PREFIX, isAccountEvent } from '../domain/events.js';

/** Accounts as they stand, and every change to them with who made it and when (from the events' metadata). */
export class AccountsProjection implements Projection {
  readonly name = 'accounts';
  readonly version = 1;
  readonly tables = ['accounts', 'account_history'] as const;

  setup(db: ReadDb): void {
    db.exec(`CREATE TABLE IF NOT EXISTS accounts (
      login TEXT PRIMARY KEY, account_id TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,
      unit_id TEXT, disabled INTEGER NOT NULL, opened_at TEXT NOT NULL, opened_by TEXT NOT NULL,
      changed_at TEXT NOT NULL, changed_by TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS account_history (
      position INTEGER PRIMARY KEY, login TEXT NOT NULL, type TEXT NOT NULL, at TEXT NOT NULL, by TEXT NOT NULL, change TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS account_history_login ON account_history (login, position);`);
  }

  apply(event: ProjectedEvent, db: ReadDb): void {
    if (!event.streamId.startsWith(ACCOUNT_STREAM_PREFIX) || !isAccountEvent(event)) return;
    const { data } = event;
    switch (event.type) {
      case 'AccountOpened':
        db.prepare(
          `INSERT OR IGNORE INTO accounts (login, account_id, display_name, role, unit_id, disabled, opened_at, opened_by, changed_at, changed_by)
           VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`,
        ).run(
          data.login,
          event.data.accountId,
          event.data.displayName,
          event.data.role,
          event.data.unitId,
          event.recordedAt,
          event.actor,
          event.recordedAt,
          event.actor,
        );
        break;
      case 'AccountChanged': {
        const sets: string[] = ['changed_at = @at', 'changed_by = @by'];
        if (event.data.role !== undefined) sets.push('role = @role');
        if (event.data.unitId !== undefined) sets.push('unit_id = @unitId');
        if (event.data.disabled !== undefined) sets.push('disabled = @disabled');
        db.prepare(`UPDATE accounts SET ${sets.join(', ')} WHERE login = @login`).run({
          at: event.recordedAt,
          by: event.actor,
          role: event.data.role ?? null,
          unitId: event.data.unitId ?? null,
          disabled: event.data.disabled ? 1 : 0,
          login: data.login,
        });
        break;
      }
      case 'AccountPasswordReset':
        break;
    }
    const { login, ...change } = data;
    db.prepare('INSERT OR IGNORE INTO account_history (position, login, type, at, by, change) VALUES (?, ?, ?, ?, ?, ?)').run(
      event.globalPosition,
      login,
      event.type,
      event.recordedAt,
      event.actor,
      JSON.stringify(change),
    );
  }
}

export interface AccountRecord {
  accountId: string;
  login: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  disabled: boolean;
  openedAt: string;
  openedBy: string;
  changedAt: string;
  changedBy: string;
}

export interface AccountChange {
  type: string;
  at: string;
  by: string;
  change: Record<string, unknown>;
}

interface AccountRow {
  login: string;
  account_id: string;
  display_name: string;
  role: Role;
  unit_id: string | null;
  disabled: number;
  opened_at: string;
  opened_by: string;
  changed_at: string;
  changed_by: string;
}

const fromRow = (r: AccountRow): AccountRecord => ({
  accountId: r.account_id,
  login: r.login,
  displayName: r.display_name,
  role: r.role,
  unitId: r.unit_id,
  disabled: r.disabled === 1,
  openedAt: r.opened_at,
  openedBy: r.opened_by,
  changedAt: r.changed_at,
  changedBy: r.changed_by,
});

export function findAccount(db: ReadDb, login: string): AccountRecord | null {
  const row = db.prepare('SELECT * FROM accounts WHERE login = ?').get(login) as AccountRow | undefined;
  return row ? fromRow(row) : null;
}

export function listAccounts(db: ReadDb): AccountRecord[] {
  return (db.prepare('SELECT * FROM accounts ORDER BY login').all() as AccountRow[]).map(fromRow);
}

export function accountHistory(db: ReadDb, login: string): AccountChange[] {
  const rows = db.prepare('SELECT type, at, by, change FROM account_history WHERE login = ? ORDER BY position').all(login) as {
    type: string;
    at: string;
    by: string;
    change: string;
  }[];
  return rows.map((r) => ({ type: r.type, at: r.at, by: r.by, change: JSON.parse(r.change) as Record<string, unknown> }));
}
