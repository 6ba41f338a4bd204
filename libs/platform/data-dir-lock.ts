/**
 * One writer per data directory: the server and every CLI command that writes (init, demo, import,
 * rebuild, migrate) hold `LEDGER_DATA_DIR/ledger.lock`, created with O_EXCL and holding the holder's
 * pid and command. A second writer is refused with one line naming the holder; a lock left by a
 * process that no longer runs is taken over. Read-only commands take no lock.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config.js';

export const LOCK_FILE = 'ledger.lock';

export interface LockHolder {
  pid: number;
  command: string;
  since: string;
}

/** Paths this process holds: the same pid in the file is then a live holder, not a leftover of an earlier life (pid 1 in a container). */
const heldHere = new Set<string>();

export class DataDirLocked extends ConfigError {
  constructor(
    dir: string,
    readonly holder: LockHolder,
  ) {
    super(`LEDGER_DATA_DIR ${dir} is in use by pid ${holder.pid} (${holder.command}, since ${holder.since}); one writer at a time: stop it first`);
    this.name = 'DataDirLocked';
  }
}

function readHolder(path: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    return Number.isInteger(parsed.pid) ? { pid: parsed.pid!, command: String(parsed.command ?? '?'), since: String(parsed.since ?? '?') } : null;
  } catch {
    return null;
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live holder of the directory's lock, or null when it is free or stale. */
export function lockHolder(dir: string): LockHolder | null {
  const path = join(dir, LOCK_FILE);
  const holder = readHolder(path);
  if (!holder) return null;
  if (holder.pid === process.pid) return heldHere.has(path) ? holder : null;
  return running(holder.pid) ? holder : null;
}

export class DataDirLock {
  private constructor(private readonly path: string) {}

  /** Takes the directory's lock for `command`, or throws `DataDirLocked` naming the live holder. */
  static acquire(dir: string, command: string): DataDirLock {
    const path = join(dir, LOCK_FILE);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o644);
        try {
          writeSync(fd, JSON.stringify({ pid: process.pid, command, since: new Date().toISOString() } satisfies LockHolder));
        } finally {
          closeSync(fd);
        }
        heldHere.add(path);
        return new DataDirLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new ConfigError(`cannot take the lock ${path}: ${(error as Error).message}`);
      }
      const live = lockHolder(dir);
      if (live) throw new DataDirLocked(dir, live);
      // Stale (its process is gone) or unreadable: remove it and try again (another taker may win: then it is live).
      try {
        unlinkSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigError(`cannot take over the stale lock ${path}: ${(error as Error).message}`);
      }
    }
    throw new ConfigError(`cannot take the lock ${path}: another process keeps taking it`);
  }

  /** Gives the lock up (only while it is still ours). */
  release(): void {
    if (!heldHere.delete(this.path)) return;
    const holder = readHolder(this.path);
    if (holder?.pid === process.pid) unlinkSync(this.path);
  }
}
