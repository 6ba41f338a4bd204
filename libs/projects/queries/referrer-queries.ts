import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler, Query } from '@nestjs/cqrs';
import { NotFound } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/index.js';
import { READ_DB } from '../../platform/injection.js';
import type { ReferrerKind } from '../domain/events.js';
import type { Stage } from '../domain/state.js';
import type { ProjectSummary } from '../domain/summary.js';
import { referredProjects } from '../read-model/project-status.projection.js';

/** A referrer (引薦人) and the projects they introduced, with the day each referral was attached. */
export interface ReferrerView {
  referrerId: string;
  name: string;
  kind: ReferrerKind;
  projects: { projectId: string; name: string; investor: string; creditCode: string | null; unitId: string; stage: Stage; attachedOn: string | null }[];
}

/** Groups referred projects by referrer; the name and kind shown are those of the referrer's first project by id. */
export function referrerViews(projects: readonly ProjectSummary[]): ReferrerView[] {
  const views = new Map<string, ReferrerView>();
  for (const p of projects) {
    if (!p.referrer) continue;
    const view = views.get(p.referrer.referrerId) ?? { ...p.referrer, projects: [] };
    view.projects.push({
      projectId: p.projectId,
      name: p.name,
      investor: p.investor,
      creditCode: p.creditCode,
      unitId: p.unitId,
      stage: p.stage,
      attachedOn: p.referrerAttachedOn,
    });
    views.set(p.referrer.referrerId, view);
  }
  return [...views.values()];
}

export class ListReferrersQuery extends Query<{ items: ReferrerView[] }> {}

@QueryHandler(ListReferrersQuery)
export class ListReferrersHandler implements IQueryHandler<ListReferrersQuery, { items: ReferrerView[] }> {
  constructor(@Inject(READ_DB) private readonly db: ReadDb) {}

  async execute(): Promise<{ items: ReferrerView[] }> {
    return { items: referrerViews(referredProjects(this.db)) };
  }
}

export class GetReferrerQuery extends Query<ReferrerView> {
  constructor(readonly referrerId: string) {
    super();
  }
}

@QueryHandler(GetReferrerQuery)
export class GetReferrerHandler implements IQueryHandler<GetReferrerQuery, ReferrerView> {
  constructor(@Inject(READ_DB) private readonly db: ReadDb) {}

  async execute({ referrerId }: GetReferrerQuery): Promise<ReferrerView> {
    const [view] = referrerViews(referredProjects(this.db, referrerId));
    if (!view) throw new NotFound(`no referrer ${referrerId}`);
    return view;
  }
}
