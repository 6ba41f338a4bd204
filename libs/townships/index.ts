export * from './domain/events.js';
export type { Ban, Exit } from './domain/rules.js';
export { TownshipsModule, townshipsProjections } from './townships.module.js';
export { exportBansCommand } from './cli/export-bans.command.js';
