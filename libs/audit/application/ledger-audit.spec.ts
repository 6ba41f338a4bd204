import { rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { NotFound, RuleViolation } from '../../kernel/index.js';
import { NO_STREAM } from '../../event-store/port.js';
import { GENESIS_HASH, sealOf } from '../../event-store/seal.js';
import type { EventRow } from '../../event-store/sqlite/schema.js';
import { SqliteEventStore, toEvent } from '../../event-store/sqlite/sqlite-event-store.js';
import { emptyRoot } from '../../event-store/merkle/tree.js';
import { GENESIS_DIGEST, nextDigest } from '../domain/digest.js';
import { seededSqlite, tamperWith, tempDir } from '../testing/sqlite-ledger.js';
import { checkDigest, ledgerDigest, verifyLedger } from './ledger-audit.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The strongest attacker without a key: rewrites an event, then reseals everything after it so every seal and chain holds again. */
function rewriteAndReseal(db: Database.Database): void {
  const rows = db.prepare<[], EventRow>('SELECT * FROM events ORDER BY global_position').all();
  const heads = new Map<string, string>();
  const update = db.prepare('UPDATE events SET data = ?, previous_hash = ?, hash = ? WHERE global_position = ?');
  for (const row of rows) {
    const data = JSON.parse(row.global_position === 4 ? row.data.replace('1000000.00', '100000.00') : row.data);
    const event = { ...toEvent(row), data, previousHash: heads.get(row.stream_id) ?? GENESIS_HASH };
    const hash = sealOf(event);
    heads.set(row.stream_id, hash);
    update.run(JSON.stringify(data), event.previousHash, hash, row.global_position);
  }
}

async function reopenAfter(store: SqliteEventStore, edit: (db: Database.Database) => void): Promise<SqliteEventStore> {
  await store.close();
  tamperWith(store.file, edit);
  return new SqliteEventStore(store.file);
}

describe('ledger digest', () => {
  it('is the genesis digest for an empty ledger', async () => {
    const store = new SqliteEventStore(`${dir}/empty.sqlite`);
    expect(await ledgerDigest(store)).toEqual({ position: 0, digest: emptyRoot('sha256'), hashAlgorithm: 'sha256' });
    await store.close();
  });

  it('is taken at the head by default and agrees with verify', async () => {
    const store = await seededSqlite(dir);
    const kept = await ledgerDigest(store);
    const verified = await verifyLedger(store);
    expect(kept).toEqual({ position: 12, digest: verified.digest, hashAlgorithm: 'sha256' });
    expect(kept.digest).toMatch(/^[0-9a-f]{64}$/);
    await store.close();
  });

  it('checks positive while the ledger only grows', async () => {
    const store = await seededSqlite(dir);
    const atFive = await ledgerDigest(store, 5);
    const atHead = await ledgerDigest(store);
    await store.append('project-p9', [{ type: 'LeadRegistered', data: { projectId: 'p9' }, occurredOn: '2026-01-05', actor: 'li.ming', role: 'recorder' }], {
      expectedRevision: NO_STREAM,
    });
    expect(await checkDigest(store, atFive)).toEqual({ ok: true, reason: null });
    expect(await checkDigest(store, atHead)).toEqual({ ok: true, reason: null });
    expect((await ledgerDigest(store)).position).toBe(13);
    await store.close();
  });

  it('fails the check when history was rewritten and resealed, although every seal holds again', async () => {
    const store = await seededSqlite(dir);
    const beforeRewrite = await ledgerDigest(store, 3);
    const kept = await ledgerDigest(store);
    const rewritten = await reopenAfter(store, rewriteAndReseal);
    // Every seal and chain holds again; the store's own tree still has the old history.
    expect(await verifyLedger(rewritten)).toMatchObject({ ok: false, firstBroken: null, treeProblem: expect.stringMatching(/does not match its events/) });
    expect(await checkDigest(rewritten, kept)).toEqual({
      ok: false,
      reason: 'the history up to position 12 differs from the one that digest was taken of',
    });
    expect(await checkDigest(rewritten, beforeRewrite)).toEqual({ ok: true, reason: null });
    await rewritten.close();
  });

  it('fails the check when the last events were cut off, which verify alone cannot see', async () => {
    const store = await seededSqlite(dir);
    const kept = await ledgerDigest(store);
    const cut = await reopenAfter(store, (db) => db.exec('DELETE FROM events WHERE global_position = 12'));
    // The tree, kept in the same file, still has the 12th leaf.
    expect(await verifyLedger(cut)).toMatchObject({
      ok: false,
      firstBroken: null,
      treeProblem: expect.stringMatching(/leaf for position 12.*deleted from the end/),
    });
    expect(await checkDigest(cut, kept)).toEqual({ ok: false, reason: 'the ledger holds 11 events; it has no position 12' });
    await cut.close();
  });

  it('fails the check, and gives no digest, when the ledger breaks before the position', async () => {
    const store = await seededSqlite(dir);
    const kept = await ledgerDigest(store, 6);
    const broken = await reopenAfter(store, (db) => db.exec("UPDATE events SET actor = 'mallory' WHERE global_position = 2"));
    const check = await checkDigest(broken, kept);
    expect(check.ok).toBe(false);
    expect(check.reason).toMatch(/^the ledger does not verify up to position 6: stream project-p2 revision 0 \(global position 2\)/);
    await expect(ledgerDigest(broken, 6)).rejects.toBeInstanceOf(RuleViolation);
    expect(await ledgerDigest(broken, 1)).toMatchObject({ position: 1 });
    await broken.close();
  });

  it('has no digest beyond the head or at a negative position', async () => {
    const store = await seededSqlite(dir);
    await expect(ledgerDigest(store, 13)).rejects.toBeInstanceOf(NotFound);
    await expect(ledgerDigest(store, -1)).rejects.toBeInstanceOf(NotFound);
    expect(await checkDigest(store, { position: 13, digest: GENESIS_DIGEST })).toMatchObject({ ok: false });
    await store.close();
  });

  it('still checks a chain digest kept before digests became Merkle roots', async () => {
    const store = await seededSqlite(dir);
    const events = await store.readAll(0, 5);
    const chain = events.reduce((d, e) => nextDigest(d, e.hash), GENESIS_DIGEST);
    expect(await checkDigest(store, { position: 5, digest: chain })).toEqual({ ok: true, reason: null });
    expect(await checkDigest(store, { position: 0, digest: GENESIS_DIGEST })).toEqual({ ok: true, reason: null });
    expect(await checkDigest(store, { position: 6, digest: chain })).toMatchObject({ ok: false });
    await store.close();
  });

  it('rejects a wrong digest at the right position', async () => {
    const store = await seededSqlite(dir);
    expect(await checkDigest(store, { position: 12, digest: GENESIS_DIGEST })).toMatchObject({ ok: false });
    await store.close();
  });
});

describe('verifyLedger', () => {
  it('reports progress against the head it started from', async () => {
    const store = await seededSqlite(dir);
    const progress: [number, number][] = [];
    await verifyLedger(store, { batchSize: 5, onProgress: (checked, head) => progress.push([checked, head]) });
    expect(progress).toEqual([
      [5, 12],
      [10, 12],
      [12, 12],
    ]);
    await store.close();
  });

  it('stays ok when a write lands while it runs: the new leaf has its event, it is no cut tail', async () => {
    const store = await seededSqlite(dir);
    const head = await store.headPosition();
    let landed = false;
    await verifyLedger(store, {
      batchSize: 5,
      onProgress: (checked) => {
        if (checked !== head || landed) return;
        landed = true;
        // A clerk's write between the verify's last batch and its look at the tree.
        void store.append(
          'project-late',
          [{ type: 'ProjectAbandoned', data: { reason: 'x', abandonedOn: '2026-01-06' }, occurredOn: '2026-01-06', actor: 'a', role: 'recorder' }],
          {
            expectedRevision: NO_STREAM,
          },
        );
      },
    }).then((v) => {
      expect(landed).toBe(true);
      expect({ ok: v.ok, treeProblem: v.treeProblem, position: v.position }).toEqual({ ok: true, treeProblem: null, position: head });
    });
    expect(await store.headPosition()).toBe(head + 1);
    await store.close();
  });
});
