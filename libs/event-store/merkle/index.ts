export * from './tree.js';
export * from './proofs.js';
export * from './memory-tree.js';
