/** OpenAPI shapes of the audit slice's answers; each class implements the interface its handler returns. */
import { ApiProperty } from '@nestjs/swagger';
import { HASH_ALGORITHMS, type HashAlgorithm } from '../../event-store/hashing.js';
import type { StoredEvent } from '../../event-store/port.js';
import { HistoryItemResponse, ProjectViewResponse, RecordedEventResponse } from '../../projects/index.js';
import type { DigestCheck, LedgerDigest, LedgerVerification } from '../application/ledger-audit.js';
import { BUNDLE_FORMAT, type AuditBundle, type BundleEvent, type ConsistencyProof, type InclusionProof } from '../application/proofs.js';
import type { CheckpointVerdict } from '../domain/checkpoint.js';
import type { BrokenEvent } from '../domain/ledger-check.js';
import type { TimelineEntry } from '../domain/project-history.js';
import type { CheckpointList, ProjectTimeline } from '../queries/audit-queries.js';
import { CheckpointDto } from './dto.js';

export class BrokenEventResponse implements BrokenEvent {
  @ApiProperty({ type: String, nullable: true, description: 'null only when the event could not be read at all' }) streamId!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) revision!: number | null;
  @ApiProperty({ type: 'integer' }) globalPosition!: number;
  @ApiProperty() reason!: string;
}

export class CheckpointVerdictResponse implements CheckpointVerdict {
  @ApiProperty({ type: 'integer' }) size!: number;
  @ApiProperty({ format: 'date-time' }) time!: string;
  @ApiProperty() root!: string;
  @ApiProperty() keyId!: string;
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: 'whether its signature was checked (the server holds the key)' }) signatureChecked!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'why the ledger does not match it, naming the checkpoint; null when it does' }) reason!:
    string | null;
}

/** `GET /v1/audit/verify` and `POST /v1/audit/checkpoints/check`. */
export class AuditResultResponse implements LedgerVerification {
  @ApiProperty({ description: 'events, the store’s tree and every checkpoint checked all hold' }) ok!: boolean;
  @ApiProperty({ format: 'uuid' }) ledgerId!: string;
  @ApiProperty({ enum: HASH_ALGORITHMS }) hashAlgorithm!: HashAlgorithm;
  @ApiProperty({ type: 'integer', description: 'events examined, the broken one included' }) eventsChecked!: number;
  @ApiProperty({ type: BrokenEventResponse, nullable: true }) firstBroken!: BrokenEventResponse | null;
  @ApiProperty({ type: 'integer', description: 'the last position that verified' }) position!: number;
  @ApiProperty({ description: 'the ledger digest up to that position: the Merkle root of that size' }) digest!: string;
  @ApiProperty({ description: 'the hash-chain digest there, as digests were before the tree' }) chainDigest!: string;
  @ApiProperty({ type: String, nullable: true, description: 'why the store’s own Merkle tree disagrees with its events; null when it agrees' })
  treeProblem!: string | null;
  @ApiProperty({ type: 'integer' }) checkpointsChecked!: number;
  @ApiProperty({ type: CheckpointVerdictResponse, nullable: true, description: 'the first checkpoint the ledger breaks, else the latest checked' })
  checkpoint!: CheckpointVerdictResponse | null;
}

/** `GET /v1/audit/digest`: the digest an auditor keeps. */
export class LedgerDigestResponse implements LedgerDigest {
  @ApiProperty({ type: 'integer' }) position!: number;
  @ApiProperty({ description: 'the Merkle root of the first `position` events' }) digest!: string;
  @ApiProperty({ enum: HASH_ALGORITHMS }) hashAlgorithm!: HashAlgorithm;
}

/** A checkpoint as signed: `GET /v1/audit/checkpoints`, `POST /v1/audit/checkpoints`. */
export class SignedCheckpointResponse extends CheckpointDto {}

export class CheckpointListResponse implements CheckpointList {
  @ApiProperty({ type: [SignedCheckpointResponse], description: 'oldest first' }) items!: SignedCheckpointResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'the public key that checks them (SPKI PEM); null when the ledger holds no signing key' })
  publicKey!: string | null;
}

class TreeHeadResponse {
  @ApiProperty({ format: 'uuid' }) ledgerId!: string;
  @ApiProperty({ enum: HASH_ALGORITHMS }) hashAlgorithm!: HashAlgorithm;
  @ApiProperty({ type: 'integer' }) size!: number;
  @ApiProperty({ description: 'the Merkle root of that size' }) root!: string;
}

/** `GET /v1/audit/proofs/inclusion`. */
export class InclusionProofResponse extends TreeHeadResponse implements InclusionProof {
  @ApiProperty({ type: 'integer' }) position!: number;
  @ApiProperty({ description: 'H(0x00 ‖ seal) of the event' }) leaf!: string;
  @ApiProperty({ type: [String], description: 'sibling hashes from the leaf up (RFC 9162 §2.1.3)' }) path!: string[];
}

/** `GET /v1/audit/proofs/consistency`. */
export class ConsistencyProofResponse implements ConsistencyProof {
  @ApiProperty({ format: 'uuid' }) ledgerId!: string;
  @ApiProperty({ enum: HASH_ALGORITHMS }) hashAlgorithm!: HashAlgorithm;
  @ApiProperty({ type: 'integer' }) from!: number;
  @ApiProperty({ type: 'integer' }) to!: number;
  @ApiProperty() fromRoot!: string;
  @ApiProperty() toRoot!: string;
  @ApiProperty({ type: [String], description: 'RFC 9162 §2.1.4' }) path!: string[];
}

export class StoredEventResponse extends HistoryItemResponse implements StoredEvent {
  @ApiProperty() streamId!: string;
}

export class BundleEventResponse implements BundleEvent {
  @ApiProperty({ type: StoredEventResponse, description: 'the event exactly as stored and sealed' }) event!: StoredEventResponse;
  @ApiProperty({ type: [String], description: 'its inclusion path in the bundle’s tree' }) path!: string[];
}

export class BundleConsistencyResponse {
  @ApiProperty({ type: 'integer' }) from!: number;
  @ApiProperty() fromRoot!: string;
  @ApiProperty({ type: [String] }) path!: string[];
}

/** `GET /v1/audit/projects/{id}/bundle`: a project's events with their proofs, for tools/verify-bundle.mjs. */
export class AuditBundleResponse extends TreeHeadResponse implements AuditBundle {
  @ApiProperty({ enum: [BUNDLE_FORMAT] }) format!: typeof BUNDLE_FORMAT;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() streamId!: string;
  @ApiProperty({ type: [BundleEventResponse] }) events!: BundleEventResponse[];
  @ApiProperty({ type: BundleConsistencyResponse, nullable: true }) consistency!: BundleConsistencyResponse | null;
  @ApiProperty({ type: SignedCheckpointResponse, nullable: true, description: 'the ledger’s checkpoint of exactly this size, if any' })
  checkpoint!: SignedCheckpointResponse | null;
}

/** `POST /v1/audit/digest/check`: whether the ledger still extends that digest. */
export class DigestCheckResponse implements DigestCheck {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'why the check failed; null when it holds' }) reason!: string | null;
}

export class TimelineEntryResponse extends RecordedEventResponse implements TimelineEntry {
  @ApiProperty({ description: 'the fact in plain words' }) summary!: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'revision of the void that struck this fact' }) voidedAt!: number | null;
}

/** `GET /v1/audit/projects/{id}/timeline`. */
export class ProjectTimelineResponse implements ProjectTimeline {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) asOf!: string | null;
  @ApiProperty({ type: ProjectViewResponse, nullable: true }) project!: ProjectViewResponse | null;
  @ApiProperty({ type: [TimelineEntryResponse] }) timeline!: TimelineEntryResponse[];
  @ApiProperty({ type: [String], description: 'the same timeline as readable lines' }) lines!: string[];
  @ApiProperty({ type: BrokenEventResponse, nullable: true }) firstBroken!: BrokenEventResponse | null;
}
