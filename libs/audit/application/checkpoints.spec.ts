/**
 * Signed checkpoints against the strongest attacker without the key: one who drops the triggers, edits
 * or cuts events, re-seals everything after, and rebuilds the store's Merkle tree to match. Verify alone
 * then passes; held to a checkpoint signed before, it names the checkpoint the ledger breaks.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store.js';
import { checkpointSignatureFault, keyIdOf, parseCheckpoint, type SignedCheckpoint } from '../domain/checkpoint.js';
import { seedLedger, steppingClock } from '../testing/sample-ledger.js';
import { writeKeyPair } from '../testing/signing-keys.js';
import { resealAll, tamperWith, tempDir } from '../testing/sqlite-ledger.js';
import { CheckpointLog, CheckpointRefused, loadSigningKey, signCheckpointNow } from './checkpoints.js';
import { verifyLedger } from './ledger-audit.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

for (const [hashAlgorithm, signature] of [
  ['sha256', 'ed25519'],
  ['sm3', 'sm2'],
] as const) {
  describe(`checkpoints (${hashAlgorithm} ledger, ${signature} key)`, () => {
    const keys = writeKeyPair(dir, signature, `${hashAlgorithm}-${signature}`);
    const key = loadSigningKey(keys.privateKey);
    const publicKey = createPublicKey(readFileSync(keys.publicKey));

    async function signedLedger(): Promise<{ store: SqliteEventStore; log: CheckpointLog; checkpoint: SignedCheckpoint }> {
      const store = new SqliteEventStore(join(dir, `ledger-${n}.sqlite`), steppingClock(), { hashAlgorithm });
      const log = new CheckpointLog(join(dir, `checkpoints-${n++}.jsonl`));
      await seedLedger(store);
      const checkpoint = await signCheckpointNow(store, key, log, new Date('2026-01-06T00:00:00Z'));
      return { store, log, checkpoint };
    }

    async function reopen(store: SqliteEventStore, edit: (db: Database.Database) => void): Promise<SqliteEventStore> {
      await store.close();
      tamperWith(store.file, edit);
      return new SqliteEventStore(store.file);
    }

    it('signs {ledgerId, size, root, time}, keeps it, and verify holds the ledger to it', async () => {
      const { store, log, checkpoint } = await signedLedger();
      const meta = await store.metadata();
      expect(checkpoint).toMatchObject({ ledgerId: meta.ledgerId, hashAlgorithm, size: 12, time: '2026-01-06T00:00:00.000Z', signatureAlgorithm: signature });
      expect(checkpointSignatureFault(checkpoint, publicKey)).toBeNull();
      expect(log.list()).toEqual([checkpoint]);
      const verified = await verifyLedger(store, { checkpoints: log.list(), publicKey });
      expect(verified).toMatchObject({
        ok: true,
        hashAlgorithm,
        digest: checkpoint.root,
        checkpointsChecked: 1,
        checkpoint: { ok: true, signatureChecked: true, reason: null },
      });
      await store.close();
    });

    it('catches a history rewritten, re-sealed and its tree rebuilt, naming the checkpoint it breaks', async () => {
      const { store, log, checkpoint } = await signedLedger();
      const rewritten = await reopen(store, (db) =>
        resealAll(db, hashAlgorithm, (row) => (row.global_position === 4 ? { ...row, data: row.data.replace('1000000.00', '100000.00') } : row)),
      );
      // Nothing inside the file disagrees any more:
      const alone = await verifyLedger(rewritten);
      expect(alone).toMatchObject({ ok: true, firstBroken: null, treeProblem: null, checkpoint: null });
      const held = await verifyLedger(rewritten, { checkpoints: log.list(), publicKey });
      expect(held.ok).toBe(false);
      expect(held.checkpoint).toMatchObject({ size: 12, time: checkpoint.time, ok: false });
      expect(held.checkpoint!.reason).toBe(
        "the checkpoint signed at 2026-01-06T00:00:00.000Z (12 events) does not match: the ledger's first 12 events are not the ones it signed (history was rewritten and re-sealed)",
      );
      // …and the ledger refuses to sign the rewritten history.
      await expect(signCheckpointNow(rewritten, key, log, new Date())).rejects.toBeInstanceOf(CheckpointRefused);
      await rewritten.close();
    });

    it('catches a tail deleted from the events and the tree alike', async () => {
      const { store, log } = await signedLedger();
      const cut = await reopen(store, (db) => {
        db.exec('DELETE FROM events WHERE global_position >= 11');
        resealAll(db, hashAlgorithm);
      });
      expect(await verifyLedger(cut)).toMatchObject({ ok: true, eventsChecked: 10 });
      const held = await verifyLedger(cut, { checkpoints: log.list(), publicKey });
      expect(held).toMatchObject({ ok: false, firstBroken: null, treeProblem: null });
      expect(held.checkpoint!.reason).toBe(
        'the checkpoint signed at 2026-01-06T00:00:00.000Z (12 events) covers 12 events; the ledger holds only 10: events were deleted from its end',
      );
      await cut.close();
    });

    it('checks every kept checkpoint and reports the first one broken', async () => {
      const { store, log } = await signedLedger();
      await store.append('project-p9', [{ type: 'Noted', data: {}, occurredOn: '2026-01-07', actor: 'li.ming', role: 'recorder' }], { expectedRevision: -1 });
      const later = await signCheckpointNow(store, key, log, new Date('2026-01-08T00:00:00Z'));
      expect(later.size).toBe(13);
      const edited = await reopen(store, (db) =>
        resealAll(db, hashAlgorithm, (row) => (row.global_position === 4 ? { ...row, data: row.data.replace('1000000.00', '100000.00') } : row)),
      );
      const held = await verifyLedger(edited, { checkpoints: log.list(), publicKey });
      expect(held).toMatchObject({ ok: false, checkpointsChecked: 2, checkpoint: { size: 12, ok: false } });
      await edited.close();
    });

    it('fails a checkpoint after any single byte of it is changed', async () => {
      const { store, checkpoint } = await signedLedger();
      const text = JSON.stringify(checkpoint);
      let changed = 0;
      for (let at = 0; at < text.length; at++) {
        const flipped = text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ 1) + text.slice(at + 1);
        let forged: SignedCheckpoint;
        try {
          forged = parseCheckpoint(JSON.parse(flipped));
        } catch {
          continue; // no longer a checkpoint at all: refused before any check
        }
        changed++;
        const verified = await verifyLedger(store, { checkpoints: [forged], publicKey });
        expect([at, flipped, verified.ok]).toEqual([at, flipped, false]);
      }
      expect(changed).toBeGreaterThan(20);
      await store.close();
    });
  });
}

describe('a checkpoint signed by another key, or of another ledger', () => {
  it('is refused with the reason', async () => {
    const store = new SqliteEventStore(join(dir, 'other.sqlite'), steppingClock());
    await seedLedger(store);
    const ours = writeKeyPair(dir, 'ed25519', 'ours');
    const theirs = writeKeyPair(dir, 'ed25519', 'theirs');
    const log = new CheckpointLog(join(dir, 'other.jsonl'));
    const checkpoint = await signCheckpointNow(store, loadSigningKey(theirs.privateKey), log, new Date());
    const publicKey = createPublicKey(readFileSync(ours.publicKey));
    const verified = await verifyLedger(store, { checkpoints: [checkpoint], publicKey });
    expect(verified.checkpoint!.reason).toMatch(/is not genuine: it names key [0-9a-f]{16}, the key given is [0-9a-f]{16}$/);
    const renamed = { ...checkpoint, keyId: keyIdOf(publicKey) };
    expect((await verifyLedger(store, { checkpoints: [renamed], publicKey })).checkpoint!.reason).toMatch(
      /is not genuine: its signature does not verify with key [0-9a-f]{16}$/,
    );
    const foreign = { ...checkpoint, ledgerId: '00000000-0000-4000-8000-000000000000' };
    expect((await verifyLedger(store, { checkpoints: [foreign] })).checkpoint!.reason).toMatch(/is of ledger 00000000-.*this store is ledger/);
    await store.close();
  });
});
