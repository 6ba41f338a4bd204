/**
 * Proofs served from a real store's tree: for generated SQLite ledgers (SHA-256 and SM3), every event
 * of every tree size 1..300 has an inclusion proof that checks against the root of that size, and every
 * size is consistent with the head; positions or sizes outside the ledger are refused.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { NotFound } from '../../kernel/index.js';
import { sampleEvent } from '../../event-store/contract/event-store-contract.js';
import { Frontier } from '../../event-store/merkle/memory-tree.js';
import { inclusionPath } from '../../event-store/merkle/proofs.js';
import { leafHash, verifyConsistency, verifyInclusion } from '../../event-store/merkle/tree.js';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store.js';
import { tempDir } from '../testing/sqlite-ledger.js';
import { consistencyProof, inclusionProof, treeHead } from './proofs.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

for (const hashAlgorithm of ['sha256', 'sm3'] as const) {
  it(`proves every event of every size 1..300 of a generated ${hashAlgorithm} ledger`, async () => {
    const store = new SqliteEventStore(join(dir, `generated-${hashAlgorithm}.sqlite`), undefined, { hashAlgorithm });
    // Appends of one to three events on five streams, as commands write them.
    let n = 0;
    while (n < 300) {
      const count = Math.min(300 - n, 1 + Math.floor(Math.random() * 3));
      await store.append(
        `s-${Math.floor(Math.random() * 5)}`,
        Array.from({ length: count }, () => sampleEvent(n++)),
        { expectedRevision: 'any' },
      );
    }
    const events = await store.readAll(0, 300);
    const frontier = new Frontier(hashAlgorithm);
    const roots = [frontier.root()];
    for (const e of events) {
      frontier.append(e.hash);
      roots.push(frontier.root());
    }
    const head = await treeHead(store);
    expect(head).toMatchObject({ size: 300, root: roots[300], hashAlgorithm, ledgerId: (await store.metadata()).ledgerId });
    const nodes = (keys: Parameters<SqliteEventStore['treeNodes']>[0]) => store.treeNodes(keys);
    // The served answer (inclusionProof) at the sizes where the tree's shape changes, the store's paths at every size.
    const served = new Set([1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 127, 128, 129, 255, 256, 257, 299, 300]);
    for (let size = 1; size <= 300; size++) {
      expect((await treeHead(store, size)).root).toBe(roots[size]);
      for (let position = 1; position <= size; position++) {
        const leaf = leafHash(hashAlgorithm, events[position - 1].hash);
        const path = served.has(size) ? (await inclusionProof(store, position, size)).path : await inclusionPath(hashAlgorithm, position - 1, size, nodes);
        if (!verifyInclusion(hashAlgorithm, { index: position - 1, size, leaf, path }, roots[size])) {
          throw new Error(`no inclusion of position ${position} in size ${size}`);
        }
      }
      const consistency = await consistencyProof(store, size, 300);
      expect(consistency).toMatchObject({ from: size, to: 300, fromRoot: roots[size], toRoot: roots[300] });
      expect(verifyConsistency(hashAlgorithm, consistency, roots[size], roots[300])).toBe(true);
    }
    await expect(inclusionProof(store, 0)).rejects.toBeInstanceOf(NotFound);
    await expect(inclusionProof(store, 301)).rejects.toBeInstanceOf(NotFound);
    await expect(inclusionProof(store, 10, 9)).rejects.toBeInstanceOf(NotFound);
    await expect(consistencyProof(store, 301)).rejects.toBeInstanceOf(NotFound);
    await expect(treeHead(store, 301)).rejects.toBeInstanceOf(NotFound);
    await store.close();
  }, 120_000);
}
