export * from './projection.js';
export * from './projector.js';
