/** The auditors' reads. They go to the event store itself, never to a read model: that is what they check. */
import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '../../event-store/index.js';
import { EVENT_STORE } from '../../platform/injection.js';
import { projectView, summarize, type ProjectView } from '../../projects/index.js';
import { replayProject } from '../application/as-of.js';
import { exportLines } from '../application/export-import.js';
import {
  checkDigest,
  ledgerDigest,
  verifyLedger,
  type DigestCheck,
  type KeptDigest,
  type LedgerDigest,
  type LedgerVerification,
} from '../application/ledger-audit.js';
import { LedgerCheckpoints } from '../application/ledger-checkpoints.js';
import { consistencyProof, inclusionProof, projectBundle, type AuditBundle, type ConsistencyProof, type InclusionProof } from '../application/proofs.js';
import type { SignedCheckpoint } from '../domain/checkpoint.js';
import type { BrokenEvent } from '../domain/ledger-check.js';
import { formatTimeline, type TimelineEntry } from '../domain/project-history.js';

/** Verify against the ledger's own checkpoints, or against the one an auditor brings. */
export class VerifyLedgerQuery extends Query<LedgerVerification> {
  constructor(readonly checkpoint?: SignedCheckpoint) {
    super();
  }
}

@QueryHandler(VerifyLedgerQuery)
export class VerifyLedgerHandler implements IQueryHandler<VerifyLedgerQuery, LedgerVerification> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly checkpoints: LedgerCheckpoints,
  ) {}

  execute({ checkpoint }: VerifyLedgerQuery): Promise<LedgerVerification> {
    const checkpoints = checkpoint ? [checkpoint] : this.checkpoints.list();
    return verifyLedger(this.store, { checkpoints, publicKey: this.checkpoints.publicKey });
  }
}

export interface CheckpointList {
  items: SignedCheckpoint[];
  /** The key they are signed with (SPKI PEM); null when this ledger holds no signing key. */
  publicKey: string | null;
}

export class ListCheckpointsQuery extends Query<CheckpointList> {}

@QueryHandler(ListCheckpointsQuery)
export class ListCheckpointsHandler implements IQueryHandler<ListCheckpointsQuery, CheckpointList> {
  constructor(private readonly checkpoints: LedgerCheckpoints) {}

  async execute(): Promise<CheckpointList> {
    return { items: this.checkpoints.list(), publicKey: this.checkpoints.publicKeyPem };
  }
}

export class InclusionProofQuery extends Query<InclusionProof> {
  constructor(
    readonly position: number,
    readonly size?: number,
  ) {
    super();
  }
}

@QueryHandler(InclusionProofQuery)
export class InclusionProofHandler implements IQueryHandler<InclusionProofQuery, InclusionProof> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ position, size }: InclusionProofQuery): Promise<InclusionProof> {
    return inclusionProof(this.store, position, size);
  }
}

export class ConsistencyProofQuery extends Query<ConsistencyProof> {
  constructor(
    readonly from: number,
    readonly to?: number,
  ) {
    super();
  }
}

@QueryHandler(ConsistencyProofQuery)
export class ConsistencyProofHandler implements IQueryHandler<ConsistencyProofQuery, ConsistencyProof> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ from, to }: ConsistencyProofQuery): Promise<ConsistencyProof> {
    return consistencyProof(this.store, from, to);
  }
}

export class ProjectBundleQuery extends Query<AuditBundle> {
  constructor(
    readonly projectId: string,
    readonly size?: number,
    readonly consistencyFrom?: number,
  ) {
    super();
  }
}

@QueryHandler(ProjectBundleQuery)
export class ProjectBundleHandler implements IQueryHandler<ProjectBundleQuery, AuditBundle> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly checkpoints: LedgerCheckpoints,
  ) {}

  execute({ projectId, size, consistencyFrom }: ProjectBundleQuery): Promise<AuditBundle> {
    return projectBundle(this.store, projectId, { size, consistencyFrom, checkpoints: this.checkpoints.list() });
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
  constructor(readonly kept: KeptDigest) {
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
      project: history.state && projectView(summarize(history.state)),
      timeline: history.timeline,
      lines: formatTimeline(history.timeline),
      firstBroken: history.firstBroken,
    };
  }
}

export const AUDIT_QUERY_HANDLERS = [
  VerifyLedgerHandler,
  ListCheckpointsHandler,
  InclusionProofHandler,
  ConsistencyProofHandler,
  ProjectBundleHandler,
  LedgerDigestHandler,
  CheckDigestHandler,
  ExportLedgerHandler,
  ProjectTimelineHandler,
];
