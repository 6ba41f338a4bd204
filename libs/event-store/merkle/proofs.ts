/**
 * Roots and proofs of a tree of any size up to the stored one, from the stored complete subtrees
 * (tree.ts). Each asks its node source once, for O(log² n) nodes at most.
 */
import type { HashAlgorithm } from '../hashing.js';
import { completeParts, consistencyRanges, emptyRoot, foldParts, inclusionRanges, type LeafRange, type NodeKey } from './tree.js';

/** Reads stored complete-subtree hashes, in the order asked. */
export type NodeSource = (keys: readonly NodeKey[]) => Promise<string[]>;

async function hashesOf(algorithm: HashAlgorithm, ranges: readonly LeafRange[], nodes: NodeSource): Promise<string[]> {
  const parts = ranges.map(completeParts);
  const hashes = await nodes(parts.flat());
  let at = 0;
  return parts.map((p) => foldParts(algorithm, hashes.slice(at, (at += p.length))));
}

export async function rootAt(algorithm: HashAlgorithm, size: number, nodes: NodeSource): Promise<string> {
  if (size === 0) return emptyRoot(algorithm);
  const [root] = await hashesOf(algorithm, [{ lo: 0, hi: size }], nodes);
  return root;
}

/** The audit path of leaf `index` (0-based: globalPosition − 1) in the tree of `size`. */
export function inclusionPath(algorithm: HashAlgorithm, index: number, size: number, nodes: NodeSource): Promise<string[]> {
  return hashesOf(algorithm, inclusionRanges(index, size), nodes);
}

export function consistencyPath(algorithm: HashAlgorithm, from: number, to: number, nodes: NodeSource): Promise<string[]> {
  return hashesOf(algorithm, consistencyRanges(from, to), nodes);
}
