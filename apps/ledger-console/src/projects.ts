/** Every project the signed-in person may see (GET /v1/projects, page by page), for the dashboard's charts. */
import { get, type Query } from './api.js';
import type { Page, ProjectView } from './types.js';

const PAGE = 500;
const MOST_PAGES = 40;

export async function allProjects(query: Query = {}): Promise<ProjectView[]> {
  const items: ProjectView[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MOST_PAGES; page++) {
    const answer: Page<ProjectView> = await get<Page<ProjectView>>('projects', { ...query, limit: PAGE, cursor });
    items.push(...answer.items);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return items;
}

/** The stages a project has reached, in pipeline order (its dates say which). */
export const PIPELINE = [
  { stage: 'lead', date: 'leadOn' },
  { stage: 'signed', date: 'signedOn' },
  { stage: 'under_construction', date: 'brokeGroundOn' },
  { stage: 'completed', date: 'completedOn' },
  { stage: 'in_production', date: 'productionStartedOn' },
] as const;
