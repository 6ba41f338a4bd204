import type { NewEvent } from '../../libs/event-store/index.js';
import { generateLedger, inTimeOrder } from '../../bench/generator.js';

describe('the benchmark ledger in time order', () => {
  const streams = [...generateLedger(20_000)];
  const ordered = inTimeOrder(streams);

  it('has every generated event once, on its own stream, and interleaves the streams', () => {
    const streamOf = new Map(streams.flatMap(({ streamId, events }) => events.map((event) => [event, streamId] as const)));
    expect(ordered).toHaveLength(streamOf.size);
    expect(new Set(ordered.map((e) => e.event)).size).toBe(streamOf.size);
    expect(ordered.every(({ streamId, event }) => streamOf.get(event) === streamId)).toBe(true);
    // Not stream by stream: far more runs of one stream's events than there are streams.
    const runs = ordered.filter((e, i) => i === 0 || ordered[i - 1].streamId !== e.streamId).length;
    expect(runs).toBeGreaterThan(5 * streams.length);
  });

  it("keeps each stream's own order", () => {
    const byStream = new Map<string, NewEvent[]>();
    for (const { streamId, event } of ordered) byStream.set(streamId, [...(byStream.get(streamId) ?? []), event]);
    for (const stream of streams) expect(byStream.get(stream.streamId)).toEqual(stream.events);
    // The townships' are not in date order (a year's target is dated before the previous year's closing).
    expect(streams.some((s) => s.events.some((e, i) => i > 0 && e.occurredOn < s.events[i - 1].occurredOn))).toBe(true);
  });

  it("is in order of each event's stream's latest business date so far", () => {
    const latest = new Map<string, string>();
    const keys = ordered.map(({ streamId, event }) => {
      const before = latest.get(streamId) ?? '';
      const on = event.occurredOn > before ? event.occurredOn : before;
      latest.set(streamId, on);
      return on;
    });
    // The first event whose key is earlier than the one before it: none.
    expect(keys.findIndex((on, i) => i > 0 && on < keys[i - 1])).toBe(-1);
  });
});
