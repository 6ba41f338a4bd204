import { narrow } from './narrow.js';
import type { StoredEvent } from './port.js';

type Light = { type: 'Switched'; data: { on: boolean } } | { type: 'Dimmed'; data: { percent: number } };
const isLight = narrow<Light>(['Switched', 'Dimmed']);

const stored = (type: string, data: StoredEvent['data']): StoredEvent => ({
  type,
  data,
  occurredOn: '2025-01-01',
  actor: 'test',
  role: 'admin',
  eventId: `e-${type}`,
  streamId: 'light-1',
  revision: 0,
  globalPosition: 1,
  recordedAt: '2025-01-01T00:00:00.000Z',
  idempotencyKey: null,
  schemaVersion: 1,
  hash: 'h',
  previousHash: 'p',
});

/** Reads a light event's own data: compiles only because the guard narrowed the stored event. */
function describe_(event: Light): string {
  return event.type === 'Switched' ? `on=${event.data.on}` : `${event.data.percent}%`;
}

describe('narrow', () => {
  it('accepts the listed types and types them as the domain union', () => {
    const event = stored('Dimmed', { percent: 40 });
    expect(isLight(event)).toBe(true);
    if (!isLight(event)) throw new Error('unreachable');
    expect([describe_(event), event.streamId]).toEqual(['40%', 'light-1']);
  });

  it('refuses any other type', () => {
    expect(isLight(stored('UnitRegistered', {}))).toBe(false);
    expect(isLight(stored('switched', { on: true }))).toBe(false);
  });
});
