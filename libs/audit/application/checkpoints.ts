/**
 * Signing checkpoints and keeping them. The key is a PEM file outside the data directory (someone who
 * can rewrite the store must not also be able to sign); the checkpoints are kept in a JSON-lines file
 * (one signed checkpoint a line), and auditors keep copies of their own.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { RuleViolation } from '../../kernel/index.js';
import { rootAt } from '../../event-store/merkle/proofs.js';
import type { EventStore } from '../../event-store/port.js';
import { parseCheckpoint, signCheckpoint, signatureAlgorithmOf, type SignedCheckpoint } from '../domain/checkpoint.js';

export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

/** The private key of LEDGER_SIGNING_KEY: Ed25519, or SM2 (see docs/audit.md). */
export function loadSigningKey(file: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(file));
  } catch (error) {
    throw new SigningKeyError(`LEDGER_SIGNING_KEY ${file} is not a readable PEM private key: ${(error as Error).message}`);
  }
  try {
    signatureAlgorithmOf(key);
  } catch (error) {
    throw new SigningKeyError(`LEDGER_SIGNING_KEY ${file}: ${(error as Error).message}`);
  }
  return key;
}

export function publicKeyPem(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
}

/** The ledger's checkpoints, oldest first, one JSON object a line. */
export class CheckpointLog {
  constructor(readonly file: string) {}

  list(): SignedCheckpoint[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, i) => {
        try {
          return parseCheckpoint(JSON.parse(line));
        } catch (error) {
          throw new Error(`${this.file} line ${i + 1}: ${(error as Error).message}`, { cause: error });
        }
      });
  }

  latest(): SignedCheckpoint | null {
    return this.list().at(-1) ?? null;
  }

  append(checkpoint: SignedCheckpoint): void {
    appendFileSync(this.file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o644 });
  }
}

/** 422: the ledger cannot be signed as it stands. */
export class CheckpointRefused extends RuleViolation {
  constructor(message: string) {
    super('checkpoint-extends-the-last', message);
    this.name = 'CheckpointRefused';
  }
}

/**
 * Signs the ledger as it stands (its head and the root of its tree there) and keeps the checkpoint.
 * A ledger that no longer extends the last checkpoint is refused a new one: a store re-sealed behind the
 * ledger's back must not be given a fresh signature.
 */
export async function signCheckpointNow(store: EventStore, key: KeyObject, log: CheckpointLog, now: Date): Promise<SignedCheckpoint> {
  const { ledgerId, hashAlgorithm } = await store.metadata();
  const size = await store.headPosition();
  const nodes = (keys: Parameters<EventStore['treeNodes']>[0]) => store.treeNodes(keys);
  const last = log.latest();
  if (last) {
    const why =
      last.ledgerId !== ledgerId
        ? `the last checkpoint is of ledger ${last.ledgerId}, this store is ledger ${ledgerId}`
        : size < last.size
          ? `the last checkpoint covers ${last.size} events, the ledger holds ${size}`
          : (await rootAt(hashAlgorithm, last.size, nodes)) !== last.root
            ? `the ledger's first ${last.size} events are not the ones the last checkpoint signed`
            : null;
    if (why) throw new CheckpointRefused(`no checkpoint signed: ${why} (run verify)`);
  }
  const checkpoint = signCheckpoint({ ledgerId, hashAlgorithm, size, root: await rootAt(hashAlgorithm, size, nodes), time: now.toISOString() }, key);
  log.append(checkpoint);
  return checkpoint;
}
