export * from './domain/policy.js';
export type { Assessment, Contribution, Mark, UnitScore } from './domain/counting.js';
export type { Rates } from './domain/rates.js';
export type { Flag, FlagLevel, FlagRule, StalledProject } from './domain/stalled.js';
export type { AssessmentView, RatesView, StalledView } from './read-model/assessment.queries.js';
export { AssessmentModule, assessmentProjections } from './assessment.module.js';
export { assessmentCommands } from './cli/export.commands.js';
