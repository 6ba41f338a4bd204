export * from './port.js';
export * from './seal.js';
export * from './hashing.js';
export * from './merkle/index.js';
export * from './narrow.js';
export { MemoryEventStore } from './memory/memory-event-store.js';
export { SqliteEventStore, StoreOpenError } from './sqlite/sqlite-event-store.js';
