/** The projects slice's pure public face: what other slices' domain code may use (no Nest, no store). */
export * from './events.js';
export * from './state.js';
export * from './units.js';
export * from './credit.js';
export { evolve, liveTotal, liveTotalFen, type EventEnvelope } from './evolve.js';
export * from './summary.js';
export { decide } from './decide.js';
export type { LeadRequest, ProjectCommand, MoneyInput } from './commands.js';
