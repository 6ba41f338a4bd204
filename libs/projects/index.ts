export * from './domain/index.js';
export { ProjectsModule, projectsProjections } from './projects.module.js';
export { projectAsOf } from './queries/project-queries.js';
export { projectView, type ProjectView } from './queries/project-view.js';
export { ProjectViewResponse, RecordedEventResponse } from './http/responses.js';
export { assertInScope, assertUnitExists } from './commands/unit-scope.js';
export { findUnit } from './read-model/units.projection.js';
export { listUnits } from './read-model/units.projection.js';
