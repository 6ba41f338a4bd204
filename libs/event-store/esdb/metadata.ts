/**
 * How one of our sealed events sits in ESDB: `type` and `data` as the ESDB event's, everything else
 * (placement, who, when, seal, and the bookkeeping the adapter needs to finish an interrupted commit)
 * in the ESDB event metadata. The same encoding is used in the `ledger` stream and in the event's own stream.
 */
import { jsonEvent, type EventData } from '@eventstore/db-client';
import type { Json } from '../../kernel/index.js';
import type { StoredEvent } from '../port.js';
import { globalPositionOf, toSafeNumber } from './positions.js';

/** The globalPositions of the first and last event of the append that wrote this event. */
export interface BatchRange {
  first: number;
  last: number;
}

export interface Committed {
  event: StoredEvent;
  /** Fingerprint of the request that used `event.idempotencyKey`; null when unknown (imported events). */
  requestHash: string | null;
  batch: BatchRange;
}

/** The fields of an ESDB recorded event the decoder needs (ESDB's RecordedEvent satisfies it). */
export interface RawRecord {
  id: string;
  streamId: string;
  revision: bigint;
  type: string;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
}

export class CorruptEsdbEvent extends Error {
  constructor(raw: Pick<RawRecord, 'streamId' | 'revision'>, reason: string) {
    super(`ESDB event ${raw.streamId}@${raw.revision} is not a ledger event: ${reason}`);
    this.name = 'CorruptEsdbEvent';
  }
}

type Metadata = Record<string, string | number | null>;

export function encodeEvent({ event, requestHash, batch }: Committed): EventData {
  const metadata: Metadata = {
    streamId: event.streamId,
    revision: event.revision,
    globalPosition: event.globalPosition,
    occurredOn: event.occurredOn,
    actor: event.actor,
    role: event.role,
    idempotencyKey: event.idempotencyKey,
    requestHash,
    schemaVersion: event.schemaVersion,
    recordedAt: event.recordedAt,
    previousHash: event.previousHash,
    hash: event.hash,
    batchFirst: batch.first,
    batchLast: batch.last,
  };
  return jsonEvent({ id: event.eventId, type: event.type, data: event.data, metadata });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

export function decodeEvent(raw: RawRecord): Committed {
  const fail = (reason: string): never => {
    throw new CorruptEsdbEvent(raw, reason);
  };
  if (!raw.isJson || !isObject(raw.data)) fail('data is not a JSON object');
  if (!isObject(raw.metadata)) fail('metadata is not a JSON object');
  const meta = raw.metadata as Record<string, unknown>;
  const text = (key: string): string => {
    const value = meta[key];
    return typeof value === 'string' ? value : fail(`metadata ${key} is not a string`);
  };
  const optionalText = (key: string): string | null => (meta[key] === null ? null : text(key));
  const integer = (key: string): number => {
    const value = meta[key];
    return Number.isSafeInteger(value) ? (value as number) : fail(`metadata ${key} is not an integer`);
  };
  const event: StoredEvent = {
    eventId: raw.id,
    streamId: text('streamId'),
    revision: integer('revision'),
    globalPosition: integer('globalPosition'),
    type: raw.type,
    data: raw.data as { [key: string]: Json },
    occurredOn: text('occurredOn'),
    recordedAt: text('recordedAt'),
    actor: text('actor'),
    role: text('role'),
    idempotencyKey: optionalText('idempotencyKey'),
    schemaVersion: integer('schemaVersion'),
    previousHash: text('previousHash'),
    hash: text('hash'),
  };
  const batch = { first: integer('batchFirst'), last: integer('batchLast') };
  if (!(batch.first <= event.globalPosition && event.globalPosition <= batch.last)) fail('batch range does not hold the event');
  return { event, requestHash: optionalText('requestHash'), batch };
}

export type Placement = { kind: 'ledger'; esdbStream: string } | { kind: 'stream'; esdbStream: string };

/**
 * An event must sit where its metadata says: in the ledger at revision globalPosition - 1, or in its own
 * stream at its revision. Anything else means the ESDB data was written by something other than this adapter.
 */
export function checkPlacement(raw: RawRecord, { event }: Committed, placement: Placement): void {
  const at = placement.kind === 'ledger' ? globalPositionOf(raw.revision) : toSafeNumber(raw.revision, 'stream revision');
  const want = placement.kind === 'ledger' ? event.globalPosition : event.revision;
  if (raw.streamId !== placement.esdbStream || at !== want) {
    throw new CorruptEsdbEvent(raw, `metadata places it at ${placement.kind} position ${want} of ${placement.esdbStream}`);
  }
}
