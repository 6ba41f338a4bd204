import { MemoryEventStore } from '../../event-store/memory/memory-event-store.js';
import type { StoredEvent } from '../../event-store/port.js';
import { seedLedger, steppingClock } from '../testing/sample-ledger.js';
import { MalformedExport, parseExportLine, toExportLine } from './export-line.js';

let event: StoredEvent;
beforeAll(async () => {
  [, , , event] = await seedLedger(new MemoryEventStore(steppingClock()));
});

describe('export lines', () => {
  it('writes canonical JSON (sorted keys, one line) and reads it back exactly', () => {
    const line = toExportLine(event);
    expect(line).not.toContain('\n');
    expect(line.startsWith('{"actor":"li.ming","data":{"amount":{"amount":"1000000.00"')).toBe(true);
    expect(parseExportLine(line, 1)).toEqual(event);
  });

  const refusals: [string, string, RegExp][] = [
    ['not JSON', '{"eventId": ', /line 7: not JSON/],
    ['not an object', '[1,2]', /line 7: not a JSON object/],
    ['an unknown field', JSON.stringify({ ...minimalEvent(), note: 'sneaked in' }), /line 7: unknown fields note/],
    ['a missing field', JSON.stringify({ ...minimalEvent(), hash: undefined }), /field hash must be a string/],
    ['a negative revision', JSON.stringify({ ...minimalEvent(), revision: -1 }), /field revision must be a non-negative integer/],
    ['data that is not an object', JSON.stringify({ ...minimalEvent(), data: [] }), /field data must be a JSON object/],
    ['a numeric idempotency key', JSON.stringify({ ...minimalEvent(), idempotencyKey: 5 }), /idempotencyKey must be a string or null/],
  ];
  function minimalEvent(): StoredEvent {
    return {
      eventId: 'e',
      streamId: 's',
      revision: 0,
      globalPosition: 1,
      type: 't',
      data: {},
      occurredOn: '2026-01-01',
      recordedAt: '2026-01-01T00:00:00.000Z',
      actor: 'a',
      role: 'r',
      idempotencyKey: null,
      schemaVersion: 1,
      previousHash: '0',
      hash: '1',
    };
  }
  it.each(refusals)('refuses %s, naming the line', (_, text, message) => {
    expect(() => parseExportLine(text, 7)).toThrow(MalformedExport);
    expect(() => parseExportLine(text, 7)).toThrow(message);
  });

  it('accepts the minimal well-typed event', () => {
    expect(parseExportLine(JSON.stringify(minimalEvent()), 1)).toEqual(minimalEvent());
  });
});
