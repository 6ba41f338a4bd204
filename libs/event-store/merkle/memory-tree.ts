/** Merkle trees held in memory: every complete subtree (the memory and ESDB stores), or only the right edge (a verifier's pass). */
import type { HashAlgorithm } from '../hashing.js';
import { emptyRoot, foldParts, leafHash, nodeHash, nodesCompletedBy, type NodeKey } from './tree.js';

export class MissingTreeNode extends RangeError {
  constructor(key: NodeKey, size: number) {
    super(`the ledger's tree of size ${size} has no node at level ${key.level}, index ${key.index}`);
    this.name = 'MissingTreeNode';
  }
}

export class MemoryTree {
  private readonly levels: string[][] = [];

  constructor(readonly algorithm: HashAlgorithm) {}

  get size(): number {
    return this.levels[0]?.length ?? 0;
  }

  append(seal: string): void {
    for (const node of nodesCompletedBy(this.algorithm, this.size, seal, (key) => this.node(key))) {
      (this.levels[node.level] ??= [])[node.index] = node.hash;
    }
  }

  node(key: NodeKey): string {
    const hash = this.levels[key.level]?.[key.index];
    if (hash === undefined) throw new MissingTreeNode(key, this.size);
    return hash;
  }

  nodes(keys: readonly NodeKey[]): string[] {
    return keys.map((key) => this.node(key));
  }
}

/** The right edge only (O(log n) memory): the root after every leaf, for a pass over the whole ledger. */
export class Frontier {
  private readonly edge: { level: number; hash: string }[] = [];
  private count = 0;

  constructor(readonly algorithm: HashAlgorithm) {}

  get size(): number {
    return this.count;
  }

  append(seal: string): void {
    let node = { level: 0, hash: leafHash(this.algorithm, seal) };
    while (this.edge.at(-1)?.level === node.level) {
      const left = this.edge.pop()!;
      node = { level: node.level + 1, hash: nodeHash(this.algorithm, left.hash, node.hash) };
    }
    this.edge.push(node);
    this.count++;
  }

  root(): string {
    return this.count === 0
      ? emptyRoot(this.algorithm)
      : foldParts(
          this.algorithm,
          this.edge.map((n) => n.hash),
        );
  }
}
