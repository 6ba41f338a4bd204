import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { hashHex, type HashAlgorithm } from '../hashing.js';
import { Frontier, MemoryTree } from './memory-tree.js';
import { consistencyPath, inclusionPath, rootAt } from './proofs.js';
import { emptyRoot, leafHash, nodeHash, verifyConsistency, verifyInclusion } from './tree.js';

/** MTH straight from RFC 6962 §2.1, recursive, as the reference the stored tree must equal. */
function referenceRoot(algorithm: HashAlgorithm, seals: readonly string[]): string {
  if (seals.length === 0) return emptyRoot(algorithm);
  if (seals.length === 1) return leafHash(algorithm, seals[0]);
  let k = 1;
  while (k * 2 < seals.length) k *= 2;
  return nodeHash(algorithm, referenceRoot(algorithm, seals.slice(0, k)), referenceRoot(algorithm, seals.slice(k)));
}

const sealsOf = (n: number) => Array.from({ length: n }, () => randomBytes(32).toString('hex'));

function treeOf(algorithm: HashAlgorithm, seals: readonly string[]): MemoryTree {
  const tree = new MemoryTree(algorithm);
  for (const seal of seals) tree.append(seal);
  return tree;
}

const flipHex = (hex: string, at = 0) => hex.slice(0, at) + (parseInt(hex[at], 16) ^ 1).toString(16) + hex.slice(at + 1);

describe('hash algorithms: known answers from the standards', () => {
  it('SM3 of "abc" (GB/T 32905-2016 example 1)', () => {
    expect(hashHex('sm3', 'abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('SM3 of "abcd" × 16 (GB/T 32905-2016 example 2)', () => {
    expect(hashHex('sm3', 'abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('SHA-256 of "abc" (FIPS 180-4)', () => {
    expect(hashHex('sha256', 'abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('Merkle tree (RFC 6962 hashing)', () => {
  // The leaves and roots of certificate-transparency's reference tests (leaf inputs as hex).
  const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
  const CT_ROOTS = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];

  it('gives the reference roots of RFC 6962 test trees, stored and folded alike', async () => {
    const tree = treeOf('sha256', CT_LEAVES);
    for (let size = 1; size <= 8; size++) {
      expect(await rootAt('sha256', size, async (keys) => tree.nodes(keys))).toBe(CT_ROOTS[size - 1]);
    }
    expect(emptyRoot('sha256')).toBe(createHash('sha256').digest('hex'));
  });

  for (const algorithm of ['sha256', 'sm3'] as const) {
    describe(algorithm, () => {
      const seals = sealsOf(300);
      const tree = treeOf(algorithm, seals);
      const nodes = async (keys: Parameters<MemoryTree['nodes']>[0]) => tree.nodes(keys);

      it('roots of every size 0..300 equal the recursive definition; the frontier agrees', async () => {
        const frontier = new Frontier(algorithm);
        for (let size = 0; size <= 300; size++) {
          const expected = referenceRoot(algorithm, seals.slice(0, size));
          expect(await rootAt(algorithm, size, nodes)).toBe(expected);
          expect(frontier.root()).toBe(expected);
          if (size < 300) frontier.append(seals[size]);
        }
      });

      it('proves every leaf of every tree of size 1..300, and no other leaf with the same path', async () => {
        for (let size = 1; size <= 300; size++) {
          const root = referenceRoot(algorithm, seals.slice(0, size));
          for (let index = 0; index < size; index++) {
            const path = await inclusionPath(algorithm, index, size, nodes);
            const leaf = leafHash(algorithm, seals[index]);
            expect(verifyInclusion(algorithm, { index, size, leaf, path }, root)).toBe(true);
            if (size > 1) expect(verifyInclusion(algorithm, { index: (index + 1) % size, size, leaf, path }, root)).toBe(false);
          }
        }
      });

      it('proves every size 0..60 consistent with every later one up to 60, and sampled pairs up to 300', async () => {
        const pairs: [number, number][] = [];
        for (let m = 0; m <= 60; m++) for (let n = m; n <= 60; n++) pairs.push([m, n]);
        for (let i = 0; i < 500; i++) {
          const n = 1 + Math.floor(Math.random() * 300);
          pairs.push([Math.floor(Math.random() * (n + 1)), n]);
        }
        for (const [from, to] of pairs) {
          const path = await consistencyPath(algorithm, from, to, nodes);
          const fromRoot = referenceRoot(algorithm, seals.slice(0, from));
          const toRoot = referenceRoot(algorithm, seals.slice(0, to));
          expect(verifyConsistency(algorithm, { from, to, path }, fromRoot, toRoot)).toBe(true);
          if (from > 0 && from < to) {
            // The same proof does not tie a different history to the later root.
            const other = referenceRoot(algorithm, [flipHex(seals[0]), ...seals.slice(1, from)]);
            expect(verifyConsistency(algorithm, { from, to, path }, other, toRoot)).toBe(false);
          }
        }
      });

      it('fails a proof after any single byte of the seal, the path or the root changes', async () => {
        const size = 77;
        const root = referenceRoot(algorithm, seals.slice(0, size));
        for (const index of [0, 31, 64, 76]) {
          const path = await inclusionPath(algorithm, index, size, nodes);
          const proof = { index, size, leaf: leafHash(algorithm, seals[index]), path };
          for (let at = 0; at < 64; at += 2) {
            expect(verifyInclusion(algorithm, { ...proof, leaf: leafHash(algorithm, flipHex(seals[index], at)) }, root)).toBe(false);
            expect(verifyInclusion(algorithm, proof, flipHex(root, at))).toBe(false);
          }
          path.forEach((_, p) => {
            const broken = path.map((h, q) => (q === p ? flipHex(h, 7) : h));
            expect(verifyInclusion(algorithm, { ...proof, path: broken }, root)).toBe(false);
          });
          expect(verifyInclusion(algorithm, { ...proof, path: path.slice(0, -1) }, root)).toBe(false);
          expect(verifyInclusion(algorithm, { ...proof, path: [...path, root] }, root)).toBe(false);
        }
      });
    });
  }

  it('holds for random larger ledgers (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 301, max: 3000 }), fc.nat(), fc.nat(), async (size, a, b) => {
        const seals = sealsOf(size);
        const tree = treeOf('sha256', seals);
        const nodes = async (keys: Parameters<MemoryTree['nodes']>[0]) => tree.nodes(keys);
        const root = await rootAt('sha256', size, nodes);
        expect(root).toBe(referenceRoot('sha256', seals));
        const index = a % size;
        const path = await inclusionPath('sha256', index, size, nodes);
        expect(path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(size)));
        expect(verifyInclusion('sha256', { index, size, leaf: leafHash('sha256', seals[index]), path }, root)).toBe(true);
        const from = b % (size + 1);
        const consistency = await consistencyPath('sha256', from, size, nodes);
        expect(verifyConsistency('sha256', { from, to: size, path: consistency }, await rootAt('sha256', from, nodes), root)).toBe(true);
      }),
      { numRuns: 15 },
    );
  });
});
