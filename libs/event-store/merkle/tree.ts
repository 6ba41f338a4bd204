/**
 * The ledger's Merkle tree over the global order, hashed as RFC 6962 / RFC 9162 (§2.1) do:
 *
 *   leaf(n)    = H(0x00 ‖ seal_n)               (the 32 raw bytes of the event's seal)
 *   node(l, r) = H(0x01 ‖ l ‖ r)
 *   MTH({})    = H()                           (the empty ledger)
 *   MTH(D[n])  = node(MTH(D[0:k]), MTH(D[k:n])) with k the largest power of two below n
 *
 * Pure: no I/O. A store keeps the hashes of the *complete* subtrees only — `(level, index)` covers the
 * leaves index·2^level … (index+1)·2^level − 1 — which is all any root or proof needs: every other
 * subtree of a tree of size n is a right edge, folded from complete ones. An append adds one leaf and
 * on average one parent (at most log₂ n), the O(log n) update.
 */
import { hashHex, type HashAlgorithm } from '../hashing.js';

export interface NodeKey {
  level: number;
  index: number;
}

/** A subtree by its leaves: from `lo` (inclusive) to `hi` (exclusive). */
export interface LeafRange {
  lo: number;
  hi: number;
}

const LEAF_PREFIX = Uint8Array.of(0);
const NODE_PREFIX = Uint8Array.of(1);

export const leafHash = (algorithm: HashAlgorithm, seal: string): string => hashHex(algorithm, LEAF_PREFIX, Buffer.from(seal, 'hex'));

export const nodeHash = (algorithm: HashAlgorithm, left: string, right: string): string =>
  hashHex(algorithm, NODE_PREFIX, Buffer.from(left, 'hex'), Buffer.from(right, 'hex'));

export const emptyRoot = (algorithm: HashAlgorithm): string => hashHex(algorithm);

/** The largest power of two strictly below n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The nodes an append of leaf `index` completes, bottom up: the leaf itself, then each parent whose
 * left sibling is already stored. `stored` reads a node written earlier (always one of the right edge).
 */
export function nodesCompletedBy(algorithm: HashAlgorithm, index: number, seal: string, stored: (key: NodeKey) => string): (NodeKey & { hash: string })[] {
  let hash = leafHash(algorithm, seal);
  const out = [{ level: 0, index, hash }];
  for (let level = 0, i = index; i % 2 === 1; level++, i = (i - 1) / 2) {
    hash = nodeHash(algorithm, stored({ level, index: i - 1 }), hash);
    out.push({ level: level + 1, index: (i - 1) / 2, hash });
  }
  return out;
}

/** The complete subtrees that make up a range, left to right (greatest first, as RFC 6962 splits). */
export function completeParts({ lo, hi }: LeafRange): NodeKey[] {
  const parts: NodeKey[] = [];
  let at = lo;
  while (at < hi) {
    let level = 0;
    // Grow while the subtree stays aligned at `at` and inside the range.
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= hi) level++;
    parts.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return parts;
}

/** MTH of a range from the hashes of its complete parts: folded right to left, as RFC 6962 nests them. */
export function foldParts(algorithm: HashAlgorithm, hashes: readonly string[]): string {
  let acc = hashes.at(-1)!;
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(algorithm, hashes[i], acc);
  return acc;
}

/** RFC 6962 §2.1.1 PATH(m, D[lo:hi]): the sibling subtrees from the leaf up to the root. */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) {
    throw new RangeError(`leaf ${index} is not in a tree of size ${size}`);
  }
  const path: LeafRange[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      path.push({ lo: lo + k, hi });
      hi = lo + k;
    } else {
      path.push({ lo, hi: lo + k });
      lo += k;
    }
  }
  return path.reverse();
}

/** RFC 6962 §2.1.2 PROOF(m, D[n]): the subtrees that prove the tree of size m is a prefix of the tree of size n. */
export function consistencyRanges(from: number, to: number): LeafRange[] {
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 0 && from <= to)) {
    throw new RangeError(`no consistency proof from size ${from} to size ${to}`);
  }
  if (from === 0 || from === to) return [];
  const proof: LeafRange[] = [];
  let lo = 0;
  let hi = to;
  let m = from;
  let whole = true;
  while (m !== hi - lo) {
    const k = splitPoint(hi - lo);
    if (m <= k) {
      proof.push({ lo: lo + k, hi });
      hi = lo + k;
    } else {
      proof.push({ lo, hi: lo + k });
      lo += k;
      m -= k;
      whole = false;
    }
  }
  if (!whole) proof.push({ lo, hi });
  return proof.reverse();
}

/**
 * The walk both RFC 9162 verifications share (§2.1.3.2, §2.1.4.2): for each proof hash, whether it is a
 * left sibling; past a left sibling the indices skip the levels where the node has no right sibling.
 * False when the proof is longer than the tree is high; otherwise whether it reached the root.
 */
function walk(fn: number, sn: number, path: readonly string[], step: (hash: string, left: boolean) => void): boolean {
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

/** RFC 9162 §2.1.3.2: whether `path` proves leaf `index` (hashed `leaf`) is in the tree of `size` with `root`. */
export function verifyInclusion(
  algorithm: HashAlgorithm,
  proof: { index: number; size: number; leaf: string; path: readonly string[] },
  root: string,
): boolean {
  const { index, size, path } = proof;
  if (!(index >= 0 && index < size)) return false;
  let r = proof.leaf;
  const reached = walk(index, size - 1, path, (p, left) => {
    r = left ? nodeHash(algorithm, p, r) : nodeHash(algorithm, r, p);
  });
  return reached && r === root;
}

/** RFC 9162 §2.1.4.2: whether `path` proves the tree of size `from` (root `fromRoot`) is a prefix of the one of size `to`. */
export function verifyConsistency(
  algorithm: HashAlgorithm,
  proof: { from: number; to: number; path: readonly string[] },
  fromRoot: string,
  toRoot: string,
): boolean {
  const { from, to } = proof;
  if (!(from >= 0 && from <= to)) return false;
  if (from === to) return proof.path.length === 0 && fromRoot === toRoot;
  if (from === 0) return proof.path.length === 0;
  const path = (from & (from - 1)) === 0 ? [fromRoot, ...proof.path] : [...proof.path];
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
    } else {
      sr = nodeHash(algorithm, sr, c);
    }
  });
  return reached && fr === fromRoot && sr === toRoot;
}
