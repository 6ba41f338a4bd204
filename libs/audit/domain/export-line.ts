/**
 * The export format: one stored event per line, as canonical JSON (sorted keys, no spaces), so the same
 * ledger always exports to the same bytes. Parsing is strict: a line with a missing, mistyped or extra
 * field is refused, because a field the seal does not cover must not slip into the ledger.
 */
import { canonicalJson, type Json } from '../../kernel/index.js';
import type { StoredEvent } from '../../event-store/port.js';

export function toExportLine(event: StoredEvent): string {
  return canonicalJson(event);
}

export class MalformedExport extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = 'MalformedExport';
  }
}

const KINDS = {
  string: 'a string',
  nullableString: 'a string or null',
  count: 'a non-negative integer',
  object: 'a JSON object',
} as const;
type FieldKind = keyof typeof KINDS;

const FIELDS: Record<keyof StoredEvent, FieldKind> = {
  eventId: 'string',
  streamId: 'string',
  revision: 'count',
  globalPosition: 'count',
  type: 'string',
  data: 'object',
  occurredOn: 'string',
  recordedAt: 'string',
  actor: 'string',
  role: 'string',
  idempotencyKey: 'nullableString',
  schemaVersion: 'count',
  previousHash: 'string',
  hash: 'string',
};

function fits(value: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'nullableString':
      return value === null || typeof value === 'string';
    case 'count':
      return Number.isSafeInteger(value) && (value as number) >= 0;
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

/** One line of an export back into a stored event; `line` is 1-based, for the error message. */
export function parseExportLine(text: string, line: number): StoredEvent {
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch (error) {
    throw new MalformedExport(line, `not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new MalformedExport(line, 'not a JSON object');
  const unknown = Object.keys(value).filter((key) => !(key in FIELDS));
  if (unknown.length > 0) throw new MalformedExport(line, `unknown fields ${unknown.join(', ')}`);
  for (const [field, kind] of Object.entries(FIELDS)) {
    if (!fits(value[field], kind)) throw new MalformedExport(line, `field ${field} must be ${KINDS[kind]}`);
  }
  return value as unknown as StoredEvent;
}
