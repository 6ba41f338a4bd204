export * from './domain/events.js';
export type { PeriodStatements } from './domain/engine.js';
export type { Statement, StatementJson } from './domain/statement.js';
export { RewardsModule, rewardsProjections } from './rewards.module.js';
export { exportStatementsCommand } from './cli/export-statements.command.js';
