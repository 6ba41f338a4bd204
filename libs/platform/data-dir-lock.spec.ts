import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLock, DataDirLocked, LOCK_FILE, lockHolder } from './data-dir-lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('DataDirLock', () => {
  it('one holder at a time, named; free again once released', () => {
    const lock = DataDirLock.acquire(dir, 'ledger server on port 3000');
    expect(lockHolder(dir)).toEqual({ pid: process.pid, command: 'ledger server on port 3000', since: expect.any(String) });
    expect(() => DataDirLock.acquire(dir, 'npm run ledger -- rebuild')).toThrow(DataDirLocked);
    expect(() => DataDirLock.acquire(dir, 'npm run ledger -- rebuild')).toThrow(new RegExp(`in use by pid ${process.pid} \\(ledger server on port 3000`));
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(lockHolder(dir)).toBeNull();
    DataDirLock.acquire(dir, 'again').release();
  });

  it.each([
    ['a pid that no longer runs', JSON.stringify({ pid: 2 ** 22 + 54321, command: 'killed', since: '2026-01-01T00:00:00Z' })],
    [
      "this process's pid from an earlier life (pid 1 in a container)",
      JSON.stringify({ pid: process.pid, command: 'before the restart', since: '2026-01-01T00:00:00Z' }),
    ],
    ['an unreadable lock file', 'garbage'],
  ])('takes over the lock of %s', (_what, text) => {
    writeFileSync(join(dir, LOCK_FILE), text);
    expect(lockHolder(dir)).toBeNull();
    const lock = DataDirLock.acquire(dir, 'new holder');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, command: 'new holder' });
    lock.release();
  });

  it('a release never removes a lock another process has taken since', () => {
    const lock = DataDirLock.acquire(dir, 'first');
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, command: 'other', since: 'now' }));
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  });
});
