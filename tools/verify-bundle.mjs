#!/usr/bin/env node
/**
 * Offline verifier of a ledger audit bundle: plain Node (18+), no npm packages, no access to the ledger.
 *
 *   node tools/verify-bundle.mjs <bundle.json> <checkpoint.json> <public-key.pem>
 *
 * Says "yes" (exit 0) when the checkpoint is genuine (signed by that key) and every event in the bundle
 * is, unchanged, in the ledger the checkpoint signed; otherwise "no" and the first thing that fails
 * (exit 1). Usage errors exit 2. The algorithm is written out in docs/audit.md; this file is meant to be
 * read and audited on its own, so it repeats what the ledger's code does instead of importing it.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const CHECKPOINT_FORMAT = 'investment-ledger-checkpoint/1';
const BUNDLE_FORMAT = 'investment-ledger-bundle/1';
const HASHES = ['sha256', 'sm3'];
const GENESIS = '0'.repeat(64);
const SEALED_FIELDS = [
  'actor',
  'data',
  'eventId',
  'globalPosition',
  'idempotencyKey',
  'occurredOn',
  'previousHash',
  'recordedAt',
  'revision',
  'role',
  'schemaVersion',
  'streamId',
  'type',
];
const HEX64 = /^[0-9a-f]{64}$/;
const BUNDLE_FIELDS = ['checkpoint', 'consistency', 'events', 'format', 'hashAlgorithm', 'ledgerId', 'projectId', 'root', 'size', 'streamId'];

class Failure extends Error {}
const fail = (message) => {
  throw new Failure(message);
};

/** Sorted keys, no whitespace: the bytes the ledger hashes and signs. */
function canonicalJson(value) {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail('a number in the bundle is not finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  fail(`not a JSON value: ${typeof value}`);
}

const hash = (algorithm, ...parts) => {
  const h = createHash(algorithm);
  for (const part of parts) h.update(part);
  return h.digest('hex');
};
const hex = (text) => Buffer.from(text, 'hex');
/** RFC 6962: leaf = H(0x00 ‖ seal), node = H(0x01 ‖ left ‖ right). */
const leafHash = (algorithm, seal) => hash(algorithm, Buffer.of(0), hex(seal));
const nodeHash = (algorithm, left, right) => hash(algorithm, Buffer.of(1), hex(left), hex(right));

/**
 * The walk both RFC 9162 verifications share: for each proof hash, whether it is a left sibling; past a
 * left sibling the indices skip the levels where the node has no right sibling. False when the proof is
 * longer than the tree is high; otherwise whether it reached the root.
 */
function walk(fn, sn, path, step) {
  const half = () => {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  };
  for (const hash of path) {
    if (sn === 0) return false;
    const left = fn % 2 === 1 || fn === sn;
    step(hash, left);
    if (left) while (fn % 2 === 0 && fn !== 0) half();
    half();
  }
  return sn === 0;
}

/** RFC 9162 §2.1.3.2. */
function inclusionHolds(algorithm, index, size, leaf, path, root) {
  if (!(index >= 0 && index < size)) return false;
  let r = leaf;
  const reached = walk(index, size - 1, path, (p, left) => {
    r = left ? nodeHash(algorithm, p, r) : nodeHash(algorithm, r, p);
  });
  return reached && r === root;
}

/** RFC 9162 §2.1.4.2. */
function consistencyHolds(algorithm, from, to, fromRoot, toRoot, proof) {
  if (!(from >= 0 && from <= to)) return false;
  if (from === to) return proof.length === 0 && fromRoot === toRoot;
  if (from === 0) return proof.length === 0;
  const path = (from & (from - 1)) === 0 ? [fromRoot, ...proof] : [...proof];
  if (path.length === 0) return false;
  let fn = from - 1;
  let sn = to - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  const reached = walk(fn, sn, path.slice(1), (c, left) => {
    if (left) {
      fr = nodeHash(algorithm, c, fr);
      sr = nodeHash(algorithm, c, sr);
    } else sr = nodeHash(algorithm, sr, c);
  });
  return reached && fr === fromRoot && sr === toRoot;
}

const isCount = (n) => Number.isSafeInteger(n) && n >= 0;
const isHexList = (list) => Array.isArray(list) && list.every((h) => typeof h === 'string' && HEX64.test(h));

function checkCheckpoint(checkpoint, publicKeyPem) {
  if (typeof checkpoint !== 'object' || checkpoint === null) fail('the checkpoint is not a JSON object');
  const { format, ledgerId, hashAlgorithm, size, root, time, signatureAlgorithm, keyId, signature } = checkpoint;
  if (format !== CHECKPOINT_FORMAT) fail(`the checkpoint's format is not ${CHECKPOINT_FORMAT}`);
  if (
    typeof ledgerId !== 'string' ||
    !HASHES.includes(hashAlgorithm) ||
    !isCount(size) ||
    typeof root !== 'string' ||
    !HEX64.test(root) ||
    typeof time !== 'string'
  ) {
    fail('the checkpoint lacks ledgerId, hashAlgorithm, size, root or time');
  }
  let key;
  try {
    key = createPublicKey(publicKeyPem);
  } catch (error) {
    fail(`the public key is not a PEM public key: ${error.message}`);
  }
  const givenKeyId = createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
  if (keyId !== givenKeyId) fail(`the checkpoint was signed by key ${keyId}; the public key given is ${givenKeyId}`);
  const digest = signatureAlgorithm === 'ed25519' ? null : signatureAlgorithm === 'sm2' ? 'sm3' : fail(`unknown signature algorithm ${signatureAlgorithm}`);
  const message = Buffer.from(canonicalJson({ format, ledgerId, hashAlgorithm, size, root, time }), 'utf8');
  const bytes = Buffer.from(typeof signature === 'string' ? signature : '', 'base64');
  // Node's decoder skips characters outside base64: only the canonical spelling of the bytes is accepted.
  if (bytes.length === 0 || bytes.toString('base64') !== signature) fail("the checkpoint's signature is not base64");
  let genuine = false;
  try {
    genuine = verify(digest, message, key, bytes);
  } catch (error) {
    fail(`the checkpoint's signature cannot be checked: ${error.message}`);
  }
  if (!genuine) fail(`the checkpoint's signature does not verify with key ${givenKeyId}: it is not what the ledger signed`);
}

/** The bundle's root is the checkpoint's, or a consistency proof ties the checkpoint's to it. */
function checkTreeHead(bundle, checkpoint) {
  const { hashAlgorithm: algorithm, size, root } = bundle;
  if (!isCount(size) || typeof root !== 'string' || !HEX64.test(root)) fail('the bundle lacks its tree size or root');
  if (size === checkpoint.size) {
    if (root !== checkpoint.root) fail(`the bundle's root of size ${size} is not the checkpoint's root of that size`);
    return;
  }
  if (checkpoint.size > size)
    fail(`the bundle proves against size ${size}, older than the checkpoint's ${checkpoint.size}: ask for the bundle with ?size=${checkpoint.size}`);
  const c = bundle.consistency;
  if (!c || c.from !== checkpoint.size)
    fail(`the bundle (size ${size}) has no consistency proof from the checkpoint's size ${checkpoint.size}: ask with ?consistencyFrom=${checkpoint.size}`);
  if (c.fromRoot !== checkpoint.root) fail(`the bundle's consistency proof starts from another root than the checkpoint's`);
  if (!isHexList(c.path) || !consistencyHolds(algorithm, checkpoint.size, size, checkpoint.root, root, c.path)) {
    fail(`the consistency proof from size ${checkpoint.size} to ${size} does not hold: the ledger the bundle proves against does not extend the checkpoint`);
  }
}

function checkEvents(bundle) {
  const { hashAlgorithm: algorithm, size, root, streamId, events } = bundle;
  if (typeof streamId !== 'string' || !Array.isArray(events) || events.length === 0) fail('the bundle has no events');
  // A project's events are its stream "project-<projectId>": the id the auditor reads must be the stream proved.
  if (streamId !== `project-${bundle.projectId}`) fail(`the bundle names project ${bundle.projectId} but proves stream ${streamId}`);
  let previousHash = GENESIS;
  let lastPosition = 0;
  events.forEach((entry, i) => {
    if (typeof entry !== 'object' || entry === null || canonicalJson(Object.keys(entry).sort()) !== '["event","path"]')
      fail(`entry ${i + 1} of the bundle's events is not {event, path}`);
    const event = entry.event;
    const where = `event ${i + 1} of ${events.length}${event && Number.isSafeInteger(event.globalPosition) ? ` (global position ${event.globalPosition})` : ''}`;
    if (typeof event !== 'object' || event === null) fail(`${where} is missing`);
    const fields = Object.keys(event).sort();
    const expected = [...SEALED_FIELDS, 'hash'].sort();
    if (canonicalJson(fields) !== canonicalJson(expected)) fail(`${where} has fields ${fields.join(', ')}; a sealed event has exactly ${expected.join(', ')}`);
    if (event.streamId !== streamId) fail(`${where} is of stream ${event.streamId}, not ${streamId}`);
    if (event.revision !== i) fail(`${where} has revision ${event.revision}; the stream's events must run 0, 1, 2, … with none missing`);
    if (!isCount(event.globalPosition) || event.globalPosition <= lastPosition || event.globalPosition > size) {
      fail(`${where} is not at a global position after ${lastPosition} and within the tree of size ${size}`);
    }
    if (event.previousHash !== previousHash) fail(`${where}: its previousHash is not the seal of the event before it in its stream`);
    const { hash: seal, ...sealed } = event;
    if (hash(algorithm, canonicalJson(sealed)) !== seal) fail(`${where}: its content or metadata no longer match its seal`);
    if (!isHexList(entry.path) || !inclusionHolds(algorithm, event.globalPosition - 1, size, leafHash(algorithm, seal), entry.path, root)) {
      fail(`${where}: its inclusion proof does not hold against the root of size ${size}`);
    }
    previousHash = seal;
    lastPosition = event.globalPosition;
  });
}

/** The whole check; returns null when it holds, else the first failure in words. */
export function verifyBundle(bundle, checkpoint, publicKeyPem) {
  try {
    checkCheckpoint(checkpoint, publicKeyPem);
    if (typeof bundle !== 'object' || bundle === null || bundle.format !== BUNDLE_FORMAT) fail(`the bundle's format is not ${BUNDLE_FORMAT}`);
    // Nothing in the file may claim more than what is checked.
    if (canonicalJson(Object.keys(bundle).sort()) !== canonicalJson(BUNDLE_FIELDS))
      fail(`the bundle has fields ${Object.keys(bundle).sort().join(', ')}; a bundle has exactly ${BUNDLE_FIELDS.join(', ')}`);
    if (bundle.ledgerId !== checkpoint.ledgerId) fail(`the bundle is of ledger ${bundle.ledgerId}; the checkpoint of ledger ${checkpoint.ledgerId}`);
    if (bundle.hashAlgorithm !== checkpoint.hashAlgorithm) fail(`the bundle uses ${bundle.hashAlgorithm}; the checkpoint ${checkpoint.hashAlgorithm}`);
    checkTreeHead(bundle, checkpoint);
    checkEvents(bundle);
    return null;
  } catch (error) {
    if (error instanceof Failure) return error.message;
    throw error;
  }
}

function readJson(file, what) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return fail(`the ${what} ${file} is not readable JSON: ${error.message}`);
  }
}

function main(argv) {
  if (argv.length !== 3) {
    process.stderr.write('usage: node tools/verify-bundle.mjs <bundle.json> <checkpoint.json> <public-key.pem>\n');
    return 2;
  }
  const [bundleFile, checkpointFile, keyFile] = argv;
  let failure;
  let bundle;
  try {
    bundle = readJson(bundleFile, 'bundle');
    failure = verifyBundle(bundle, readJson(checkpointFile, 'checkpoint'), readFileSync(keyFile, 'utf8'));
  } catch (error) {
    failure = error.message;
  }
  if (failure !== null) {
    process.stdout.write(`no: ${failure}\n`);
    return 1;
  }
  process.stdout.write(
    `yes: the ${bundle.events.length} events of ${bundle.streamId} are, unchanged, in ledger ${bundle.ledgerId} ` +
      `as its signed checkpoint holds it (${bundle.hashAlgorithm}, tree size ${bundle.size}, root ${bundle.root})\n`,
  );
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main(process.argv.slice(2));
