/**
 * tools/verify-bundle.mjs, run as an auditor would (plain `node`, nothing of this code base loaded), on
 * bundles made by projectBundle: yes for a genuine one, no (naming the first failure) after any single
 * changed byte of an event, a seal, a proof or the checkpoint.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store.js';
import { signCheckpoint, type SignedCheckpoint } from '../domain/checkpoint.js';
import { seedLedger, steppingClock } from '../testing/sample-ledger.js';
import { writeKeyPair } from '../testing/signing-keys.js';
import { tempDir } from '../testing/sqlite-ledger.js';
import { CheckpointLog, loadSigningKey, signCheckpointNow } from './checkpoints.js';
import { projectBundle, treeHead, type AuditBundle } from './proofs.js';

/** The script's own check, loaded as plain ESM, for the exhaustive byte-by-byte runs (one process each would take minutes). */
type VerifyBundle = (bundle: unknown, checkpoint: unknown, publicKeyPem: string) => string | null;
const loadScript = async (): Promise<VerifyBundle> => ((await import(pathToFileURL(SCRIPT).href)) as { verifyBundle: VerifyBundle }).verifyBundle;

const SCRIPT = resolve('tools/verify-bundle.mjs');
const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** Runs the script on these objects; its one line of output and exit code. */
function offline(bundle: unknown, checkpoint: unknown, publicKeyFile: string): { code: number; out: string } {
  const b = join(dir, `bundle-${files}.json`);
  const c = join(dir, `checkpoint-${files++}.json`);
  writeFileSync(b, typeof bundle === 'string' ? bundle : JSON.stringify(bundle));
  writeFileSync(c, typeof checkpoint === 'string' ? checkpoint : JSON.stringify(checkpoint));
  try {
    return { code: 0, out: execFileSync(process.execPath, [SCRIPT, b, c, publicKeyFile], { encoding: 'utf8' }) };
  } catch (error) {
    const { status, stdout } = error as { status: number; stdout: string };
    return { code: status, out: stdout };
  }
}

/** Flips the lowest bit of one hex digit (stays a hex digit). */
const flipHex = (hex: string, at: number) => hex.slice(0, at) + (parseInt(hex[at], 16) ^ 1).toString(16) + hex.slice(at + 1);

for (const [hashAlgorithm, signature] of [
  ['sha256', 'ed25519'],
  ['sm3', 'sm2'],
] as const) {
  describe(`offline verifier (${hashAlgorithm}, ${signature})`, () => {
    const keys = writeKeyPair(dir, signature, `offline-${signature}`);
    let store: SqliteEventStore;
    let checkpoint: SignedCheckpoint;
    let early: SignedCheckpoint;
    let bundle: AuditBundle;

    beforeAll(async () => {
      store = new SqliteEventStore(join(dir, `ledger-${hashAlgorithm}.sqlite`), steppingClock(), { hashAlgorithm });
      const log = new CheckpointLog(join(dir, `checkpoints-${hashAlgorithm}.jsonl`));
      const key = loadSigningKey(keys.privateKey);
      await seedLedger(store);
      checkpoint = await signCheckpointNow(store, key, log, new Date('2026-01-06T00:00:00Z'));
      bundle = await projectBundle(store, 'p1', { checkpoints: log.list() });
      // An older checkpoint an auditor kept: a tree of 5, signed the same way.
      early = signCheckpoint({ ...(await treeHead(store, 5)), time: '2026-01-05T01:05:00.000Z' }, key);
    });
    afterAll(() => store.close());

    it('says yes to a genuine bundle against the checkpoint it names', () => {
      expect(bundle).toMatchObject({ size: 12, root: checkpoint.root, checkpoint, streamId: 'project-p1' });
      expect(bundle.events.map((e) => e.event.revision)).toEqual([0, 1, 2, 3, 4]);
      const result = offline(bundle, checkpoint, keys.publicKey);
      expect(result).toEqual({
        code: 0,
        out: expect.stringMatching(/^yes: the 5 events of project-p1 are, unchanged, in ledger [0-9a-f-]{36} as its signed checkpoint holds it/),
      });
    });

    it('says yes against an older checkpoint through the consistency proof, and asks for one when it is missing', async () => {
      const extended = await projectBundle(store, 'p1', { size: 12, consistencyFrom: 5 });
      expect(offline(extended, early, keys.publicKey).code).toBe(0);
      expect(offline(bundle, early, keys.publicKey)).toEqual({
        code: 1,
        out: expect.stringMatching(/^no: the bundle \(size 12\) has no consistency proof from the checkpoint's size 5: ask with \?consistencyFrom=5\n$/),
      });
      const broken = { ...extended, consistency: { ...extended.consistency!, path: extended.consistency!.path.map((h, i) => (i === 0 ? flipHex(h, 3) : h)) } };
      expect(offline(broken, early, keys.publicKey).out).toMatch(/^no: the consistency proof from size 5 to 12 does not hold/);
    });

    it('says no after one byte of an event, a seal or a proof changes, naming what failed', () => {
      const cases: [string, (b: AuditBundle) => void, RegExp][] = [
        [
          'a byte of the data',
          (b) => (b.events[2].event.data = { ...b.events[2].event.data, bankReference: 'BOC-0007' }),
          /event 3 of 5 \(global position 4\): its content or metadata no longer match its seal/,
        ],
        ['the actor', (b) => (b.events[0].event.actor = 'li.mang'), /event 1 of 5 \(global position 1\): its content or metadata/],
        [
          'the recorded instant',
          (b) => (b.events[4].event.recordedAt = b.events[4].event.recordedAt.replace('0Z', '1Z')),
          /event 5 of 5 .*no longer match its seal/,
        ],
        ['a seal', (b) => (b.events[1].event.hash = flipHex(b.events[1].event.hash, 10)), /event 2 of 5 .*no longer match its seal/],
        [
          'a previous seal',
          (b) => (b.events[3].event.previousHash = flipHex(b.events[3].event.previousHash, 63)),
          /event 4 of 5 .*previousHash is not the seal of the event before it/,
        ],
        ['a proof hash', (b) => (b.events[1].path[1] = flipHex(b.events[1].path[1], 0)), /event 2 of 5 .*inclusion proof does not hold/],
        ['a proof cut short', (b) => b.events[0].path.pop(), /event 1 of 5 .*inclusion proof does not hold/],
        ['the bundle root', (b) => (b.root = flipHex(b.root, 20)), /the bundle's root of size 12 is not the checkpoint's root/],
        ['an event left out', (b) => b.events.splice(1, 1), /event 2 of 4 .*has revision 2; the stream's events must run 0, 1, 2/],
        ['a field added', (b) => Object.assign(b.events[0].event, { approved: true }), /event 1 of 5 .*has fields/],
      ];
      for (const [what, change, reason] of cases) {
        const copy = structuredClone(bundle);
        change(copy);
        const result = offline(copy, checkpoint, keys.publicKey);
        expect([what, result.code, result.out]).toEqual([what, 1, expect.stringMatching(reason)]);
      }
    });

    it('says no after any single byte of the checkpoint or of the bundle file changes', async () => {
      const verifyBundle = await loadScript();
      const pem = readFileSync(keys.publicKey, 'utf8');
      expect(verifyBundle(bundle, checkpoint, pem)).toBeNull();
      const flip = (text: string, at: number) => text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ 1) + text.slice(at + 1);
      const parsed = (text: string): unknown => {
        try {
          return JSON.parse(text);
        } catch {
          return undefined; // no longer JSON: the script's reader refuses it before any check (tested through the process below)
        }
      };
      const checkpointText = JSON.stringify(checkpoint);
      for (let at = 0; at < checkpointText.length; at++) {
        const forged = parsed(flip(checkpointText, at));
        if (forged !== undefined) expect([at, verifyBundle(bundle, forged, pem)]).toEqual([at, expect.any(String)]);
      }
      // The bundle, minus the informational copy of the checkpoint (not part of the proof): every byte counts.
      const bundleText = JSON.stringify({ ...bundle, checkpoint: null });
      for (let at = 0; at < bundleText.length; at++) {
        const forged = parsed(flip(bundleText, at));
        if (forged !== undefined) expect([at, verifyBundle(forged, checkpoint, pem)]).toEqual([at, expect.any(String)]);
      }
      expect(offline(bundle, flip(checkpointText, 0), keys.publicKey).out).toMatch(/^no: the checkpoint .* is not readable JSON/);
      expect(offline(bundle, { ...checkpoint, root: flipHex(checkpoint.root, 5) }, keys.publicKey).out).toMatch(
        /^no: the checkpoint's signature does not verify/,
      );
    });

    it('says no with another key, and names a key that is not one', () => {
      const other = writeKeyPair(dir, signature, `other-${signature}`);
      expect(offline(bundle, checkpoint, other.publicKey).out).toMatch(
        /^no: the checkpoint was signed by key [0-9a-f]{16}; the public key given is [0-9a-f]{16}/,
      );
      const notAKey = join(dir, 'not-a-key.pem');
      writeFileSync(notAKey, 'hello');
      expect(offline(bundle, checkpoint, notAKey).out).toMatch(/^no: the public key is not a PEM public key/);
    });
  });
}
