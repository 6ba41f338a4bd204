/** The auditors' reads. They go to the event store itself, never to a read model: that is what they check. */
import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '../../event-store/index.js';
import { EVENT_STORE } from '../../platform/injection.js';
import { projectView, type ProjectView } from '../../projects/index.js';
import { replayProject } from '../application/as-of.js';
import { exportLines } from '../application/export-import.js';
import { checkDigest, ledgerDigest, verifyLedger, type DigestCheck, type LedgerDigest } from '../application/ledger-audit.js';
import type { AuditResult, BrokenEvent } from '../domain/ledger-check.js';
import { formatTimeline, type TimelineEntry } from '../domain/project-history.js';

export class VerifyLedgerQuery extends Query<AuditResult> {}

@QueryHandler(VerifyLedgerQuery)
export class VerifyLedgerHandler implements IQueryHandler<VerifyLedgerQuery, AuditResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(): Promise<AuditResult> {
    return verifyLedger(this.store);
  }
}

export class LedgerDigestQuery extends Query<LedgerDigest> {
  constructor(readonly position?: number) {
    super();
  }
}

@QueryHandler(LedgerDigestQuery)
export class LedgerDigestHandler implements IQueryHandler<LedgerDigestQuery, LedgerDigest> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ position }: LedgerDigestQuery): Promise<LedgerDigest> {
    return ledgerDigest(this.store, position);
  }
}

export class CheckDigestQuery extends Query<DigestCheck> {
  constructor(readonly kept: LedgerDigest) {
    super();
  }
}

@QueryHandler(CheckDigestQuery)
export class CheckDigestHandler implements IQueryHandler<CheckDigestQuery, DigestCheck> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ kept }: CheckDigestQuery): Promise<DigestCheck> {
    return checkDigest(this.store, kept);
  }
}

export class ExportLedgerQuery extends Query<AsyncIterable<string>> {}

@QueryHandler(ExportLedgerQuery)
export class ExportLedgerHandler implements IQueryHandler<ExportLedgerQuery, AsyncIterable<string>> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<AsyncIterable<string>> {
    return exportLines(this.store);
  }
}

export interface ProjectTimeline {
  projectId: string;
  asOf: string | null;
  project: ProjectView | null;
  timeline: TimelineEntry[];
  /** The same timeline as readable lines. */
  lines: string[];
  firstBroken: BrokenEvent | null;
}

export class ProjectTimelineQuery extends Query<ProjectTimeline> {
  constructor(
    readonly projectId: string,
    /** An ISO instant with zone; absent for now. */
    readonly asOf?: string,
  ) {
    super();
  }
}

@QueryHandler(ProjectTimelineQuery)
export class ProjectTimelineHandler implements IQueryHandler<ProjectTimelineQuery, ProjectTimeline> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ projectId, asOf }: ProjectTimelineQuery): Promise<ProjectTimeline> {
    const history = await replayProject(this.store, projectId, asOf);
    return {
      projectId,
      asOf: history.asOf,
      project: history.state && projectView(history.state),
      timeline: history.timeline,
      lines: formatTimeline(history.timeline),
      firstBroken: history.firstBroken,
    };
  }
}

export const AUDIT_QUERY_HANDLERS = [
  VerifyLedgerHandler,
  LedgerDigestHandler,
  CheckDigestHandler,
  ExportLedgerHandler,
  ProjectTimelineHandler,
];
