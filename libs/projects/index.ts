export * from './domain/events.js';
export * from './domain/state.js';
export * from './domain/units.js';
export { evolve, liveTotal, liveTotalFen, type EventEnvelope } from './domain/evolve.js';
export { decide, PROJECT_COMMAND_ROLES } from './domain/decide.js';
export type { ProjectCommand, DecisionContext, MoneyInput } from './domain/commands.js';
export { ProjectsModule, projectsProjections } from './projects.module.js';
export { projectAsOf } from './queries/project-queries.js';
export { projectView, type ProjectView } from './queries/project-view.js';
