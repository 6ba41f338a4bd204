import { parseInstant } from './instant.js';

describe('parseInstant', () => {
  it.each([
    ['2026-06-30T12:00:00Z', '2026-06-30T12:00:00.000Z'],
    ['2026-06-30T20:00:00+08:00', '2026-06-30T12:00:00.000Z'],
    ['2024-02-29T23:59:59.5-01:00', '2024-03-01T00:59:59.500Z'],
    ['2026-12-31T23:59Z', '2026-12-31T23:59:00.000Z'],
  ])('normalises %s to %s', (text, iso) => expect(parseInstant(text)).toBe(iso));

  it.each(['2026-06-30T12:00:00', '2026-06-30', '2026-02-30T00:00:00Z', '2026-06-30T24:00:00Z', 'yesterday', ''])(
    'refuses %j (no zone, not a real instant)',
    (text) => expect(parseInstant(text)).toBeNull(),
  );
});
