/**
 * The ESDB store's Merkle tree. ESDB has no transaction spanning the ledger stream and another, so the
 * tree is not stored beside the events: each process builds it from the `ledger` stream it follows
 * (every event once, in global order), lazily, up to the nodes a caller asks for. Node hashes are the
 * same as the SQLite store's, since both are a function of the seals in global order.
 */
import type { HashAlgorithm } from '../hashing.js';
import { MemoryTree, MissingTreeNode } from '../merkle/memory-tree.js';
import type { NodeKey } from '../merkle/tree.js';
import type { StoredEvent } from '../port.js';

export type ReadAfter = (after: number, limit: number) => Promise<StoredEvent[]>;

const BATCH = 1000;

export class FollowedTree {
  private readonly tree: MemoryTree;
  private catchingUp: Promise<void> = Promise.resolve();

  constructor(
    algorithm: HashAlgorithm,
    private readonly readAll: ReadAfter,
  ) {
    this.tree = new MemoryTree(algorithm);
  }

  get size(): number {
    return this.tree.size;
  }

  async nodes(keys: readonly NodeKey[]): Promise<string[]> {
    const needed = Math.max(0, ...keys.map((k) => (k.index + 1) * 2 ** k.level));
    if (needed > this.tree.size) await this.catchUpTo(needed);
    return this.tree.nodes(keys);
  }

  /** Reads the ledger on from the tree's size, one caller at a time, until `size` leaves are in. */
  private catchUpTo(size: number): Promise<void> {
    const run = this.catchingUp.then(async () => {
      while (this.tree.size < size) {
        const batch = await this.readAll(this.tree.size, Math.min(BATCH, size - this.tree.size));
        if (batch.length === 0) throw new MissingTreeNode({ level: 0, index: size - 1 }, this.tree.size);
        for (const event of batch) {
          if (event.globalPosition !== this.tree.size + 1) throw new Error(`the ledger stream skips from ${this.tree.size} to ${event.globalPosition}`);
          this.tree.append(event.hash);
        }
      }
    });
    this.catchingUp = run.catch(() => undefined);
    return run;
  }
}
