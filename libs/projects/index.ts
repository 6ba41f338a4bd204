export * from './domain/index.js';
export { ProjectsModule, projectsProjections } from './projects.module.js';
export { projectAsOf } from './queries/project-queries.js';
export { projectView, type ProjectView } from './queries/project-view.js';
export { ProjectViewResponse, RecordedEventResponse } from './http/responses.js';
export { listUnits } from './read-model/units.projection.js';
