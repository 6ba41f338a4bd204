import { sampleEvent } from '../contract/event-store-contract.js';
import { MemoryEventStore } from '../memory/memory-event-store.js';
import { NO_STREAM } from '../port.js';
import { rootAt } from '../merkle/proofs.js';
import { FollowedTree } from './followed-tree.js';

describe('FollowedTree (the ESDB store builds its tree from the ledger stream)', () => {
  it('gives the same nodes and roots as a store that keeps its tree with its events', async () => {
    for (const algorithm of ['sha256', 'sm3'] as const) {
      const store = new MemoryEventStore(undefined, { hashAlgorithm: algorithm });
      for (let i = 0; i < 37; i++) await store.append(`s-${i % 5}`, [sampleEvent(i)], { expectedRevision: 'any' });
      let reads = 0;
      const tree = new FollowedTree(algorithm, (after, limit) => {
        reads++;
        return store.readAll(after, limit);
      });
      for (const size of [1, 8, 20, 37]) {
        expect(await rootAt(algorithm, size, (keys) => tree.nodes(keys))).toBe(await rootAt(algorithm, size, (keys) => store.treeNodes(keys)));
      }
      // Built once, incrementally: a smaller tree is answered from what was read.
      const before = reads;
      await rootAt(algorithm, 10, (keys) => tree.nodes(keys));
      expect(reads).toBe(before);
      expect(tree.size).toBe(37);
    }
  });

  it('follows appends made after it was built, and refuses nodes beyond the head', async () => {
    const store = new MemoryEventStore();
    await store.append('s', [sampleEvent(1)], { expectedRevision: NO_STREAM });
    const tree = new FollowedTree('sha256', (after, limit) => store.readAll(after, limit));
    await tree.nodes([{ level: 0, index: 0 }]);
    await store.append('s', [sampleEvent(2), sampleEvent(3)], { expectedRevision: 0 });
    expect(await tree.nodes([{ level: 1, index: 0 }])).toEqual(await store.treeNodes([{ level: 1, index: 0 }]));
    await expect(tree.nodes([{ level: 2, index: 0 }])).rejects.toThrow(RangeError);
    // A failed catch-up leaves the tree usable.
    expect(await tree.nodes([{ level: 0, index: 2 }])).toEqual(await store.treeNodes([{ level: 0, index: 2 }]));
  });

  it('refuses a ledger stream that skips a position', async () => {
    const store = new MemoryEventStore();
    await store.append('s', [sampleEvent(1), sampleEvent(2)], { expectedRevision: NO_STREAM });
    const [, second] = await store.readAll(0, 2);
    const tree = new FollowedTree('sha256', async () => [second]);
    await expect(tree.nodes([{ level: 0, index: 0 }])).rejects.toThrow(/skips from 0 to 2/);
  });
});
