/**
 * Signed checkpoints: the ledger's own statement "ledger L held `size` events, whose Merkle root was
 * `root`, at `time`", signed with a key kept outside the data directory. An auditor keeps them; a later
 * ledger that lost its tail, or whose history was re-sealed, no longer matches one.
 *
 * What is signed is the canonical JSON (sorted keys, no whitespace, UTF-8) of
 * `{format, ledgerId, hashAlgorithm, size, root, time}` — see docs/audit.md, and tools/verify-bundle.mjs,
 * which checks it with nothing but Node.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../../kernel/index.js';
import { isHashAlgorithm, type HashAlgorithm } from '../../event-store/hashing.js';
import { isDigest } from './digest.js';

export const CHECKPOINT_FORMAT = 'investment-ledger-checkpoint/1';

export const SIGNATURE_ALGORITHMS = ['ed25519', 'sm2'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

export interface CheckpointBody {
  ledgerId: string;
  hashAlgorithm: HashAlgorithm;
  size: number;
  root: string;
  /** When it was signed, ISO 8601 UTC. */
  time: string;
}

export interface SignedCheckpoint extends CheckpointBody {
  format: typeof CHECKPOINT_FORMAT;
  signatureAlgorithm: SignatureAlgorithm;
  /** The first 16 hex digits of SHA-256 over the public key (SubjectPublicKeyInfo, DER): which key signed. */
  keyId: string;
  /** Base64. Ed25519 (RFC 8032), or SM2 with SM3 (GB/T 32918) for an SM2 key, with OpenSSL 3's default (empty) distinguishing id: docs/audit.md. */
  signature: string;
}

/** The bytes a checkpoint's signature covers. */
export function checkpointMessage(body: CheckpointBody): Buffer {
  const { ledgerId, hashAlgorithm, size, root, time } = body;
  return Buffer.from(canonicalJson({ format: CHECKPOINT_FORMAT, ledgerId, hashAlgorithm, size, root, time }), 'utf8');
}

/**
 * Which signature a key makes. OpenSSL 3 (Node 20) reads an SM2 key (EC on the SM2 curve) as its own key
 * type, which Node names `undefined`; `ec` with the SM2 curve is the same key before a PEM round trip.
 */
export function signatureAlgorithmOf(key: KeyObject): SignatureAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType === undefined || (key.asymmetricKeyType === 'ec' && curve === 'SM2')) return 'sm2';
  throw new TypeError(`a checkpoint key is Ed25519 or SM2, not ${key.asymmetricKeyType}${curve ? ` (${curve})` : ''}`);
}

const digestFor = (algorithm: SignatureAlgorithm) => (algorithm === 'sm2' ? 'sm3' : null);

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

export function signCheckpoint(body: CheckpointBody, privateKey: KeyObject): SignedCheckpoint {
  const signatureAlgorithm = signatureAlgorithmOf(privateKey);
  const signature = sign(digestFor(signatureAlgorithm), checkpointMessage(body), privateKey).toString('base64');
  const { ledgerId, hashAlgorithm, size, root, time } = body;
  return { format: CHECKPOINT_FORMAT, ledgerId, hashAlgorithm, size, root, time, signatureAlgorithm, keyId: keyIdOf(createPublicKey(privateKey)), signature };
}

/** Null when the signature holds for this public key; otherwise why not. */
export function checkpointSignatureFault(checkpoint: SignedCheckpoint, publicKey: KeyObject): string | null {
  let algorithm: SignatureAlgorithm;
  try {
    algorithm = signatureAlgorithmOf(publicKey);
  } catch (error) {
    return (error as Error).message;
  }
  if (algorithm !== checkpoint.signatureAlgorithm) return `it is signed with ${checkpoint.signatureAlgorithm}, the key is ${algorithm}`;
  const keyId = keyIdOf(publicKey);
  if (checkpoint.keyId !== keyId) return `it names key ${checkpoint.keyId}, the key given is ${keyId}`;
  const signature = Buffer.from(checkpoint.signature, 'base64');
  // Node's decoder skips characters outside base64: only the canonical spelling of the bytes is accepted.
  if (signature.toString('base64') !== checkpoint.signature) return 'its signature is not base64';
  const ok = verify(digestFor(algorithm), checkpointMessage(checkpoint), publicKey, signature);
  return ok ? null : `its signature does not verify with key ${keyId}`;
}

export class MalformedCheckpoint extends Error {
  constructor(detail: string) {
    super(`not a ledger checkpoint: ${detail}`);
    this.name = 'MalformedCheckpoint';
  }
}

/** A checkpoint read back (from the log, a request, an auditor's file), field by field. */
export function parseCheckpoint(value: unknown): SignedCheckpoint {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new MalformedCheckpoint('not a JSON object');
  const c = value as Record<string, unknown>;
  if (c.format !== CHECKPOINT_FORMAT) throw new MalformedCheckpoint(`format is not ${CHECKPOINT_FORMAT}`);
  if (typeof c.ledgerId !== 'string' || c.ledgerId === '') throw new MalformedCheckpoint('ledgerId is missing');
  if (!isHashAlgorithm(c.hashAlgorithm)) throw new MalformedCheckpoint('hashAlgorithm is sha256 or sm3');
  if (!Number.isSafeInteger(c.size) || (c.size as number) < 0) throw new MalformedCheckpoint('size is a non-negative integer');
  if (!isDigest(c.root)) throw new MalformedCheckpoint('root is 64 lowercase hex digits');
  if (typeof c.time !== 'string' || Number.isNaN(Date.parse(c.time))) throw new MalformedCheckpoint('time is an ISO 8601 instant');
  if (!(SIGNATURE_ALGORITHMS as readonly unknown[]).includes(c.signatureAlgorithm)) throw new MalformedCheckpoint('signatureAlgorithm is ed25519 or sm2');
  if (typeof c.keyId !== 'string' || typeof c.signature !== 'string') throw new MalformedCheckpoint('keyId and signature are strings');
  const unknown = Object.keys(c).filter(
    (k) => !['format', 'ledgerId', 'hashAlgorithm', 'size', 'root', 'time', 'signatureAlgorithm', 'keyId', 'signature'].includes(k),
  );
  if (unknown.length > 0) throw new MalformedCheckpoint(`unknown fields ${unknown.join(', ')}`);
  return c as unknown as SignedCheckpoint;
}

/** What verify says about one checkpoint. */
export interface CheckpointVerdict {
  size: number;
  time: string;
  root: string;
  keyId: string;
  ok: boolean;
  /** Whether the signature was checked (the server checks it when it holds the key). */
  signatureChecked: boolean;
  /** Why the ledger does not match it; null when it does. */
  reason: string | null;
}

/** What a pass over the ledger found, as far as a checkpoint needs it. */
export interface LedgerSeen {
  ledgerId: string;
  hashAlgorithm: HashAlgorithm;
  /** Events that verified, from position 1. */
  verifiedThrough: number;
  /** The head when the pass started. */
  head: number;
  /** The recomputed root at a size, when the pass reached it. */
  rootAt: (size: number) => string | undefined;
}

/** Whether the ledger seen still holds what the checkpoint signed: same ledger, not shorter, same first `size` events. */
export function judgeCheckpoint(checkpoint: SignedCheckpoint, seen: LedgerSeen, publicKey: KeyObject | null): CheckpointVerdict {
  const verdict = (reason: string | null): CheckpointVerdict => ({
    size: checkpoint.size,
    time: checkpoint.time,
    root: checkpoint.root,
    keyId: checkpoint.keyId,
    ok: reason === null,
    signatureChecked: publicKey !== null,
    reason,
  });
  const signed = `the checkpoint signed at ${checkpoint.time} (${checkpoint.size} events)`;
  const signature = publicKey && checkpointSignatureFault(checkpoint, publicKey);
  if (signature) return verdict(`${signed} is not genuine: ${signature}`);
  if (checkpoint.ledgerId !== seen.ledgerId) return verdict(`${signed} is of ledger ${checkpoint.ledgerId}; this store is ledger ${seen.ledgerId}`);
  if (checkpoint.hashAlgorithm !== seen.hashAlgorithm) return verdict(`${signed} uses ${checkpoint.hashAlgorithm}; this ledger uses ${seen.hashAlgorithm}`);
  if (seen.head < checkpoint.size) {
    return verdict(`${signed} covers ${checkpoint.size} events; the ledger holds only ${seen.head}: events were deleted from its end`);
  }
  if (seen.verifiedThrough < checkpoint.size) {
    return verdict(`${signed} cannot be matched: the ledger breaks at position ${seen.verifiedThrough + 1}, before its size`);
  }
  if (seen.rootAt(checkpoint.size) !== checkpoint.root) {
    return verdict(`${signed} does not match: the ledger's first ${checkpoint.size} events are not the ones it signed (history was rewritten and re-sealed)`);
  }
  return verdict(null);
}
