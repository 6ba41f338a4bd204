export * from './money.js';
export * from './calendar.js';
export * from './errors.js';
export * from './canonical-json.js';
export * from './instant.js';
export * from './ids.js';
export * from './roles.js';
export * from './order.js';
