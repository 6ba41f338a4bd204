import { followLedger, MonotonicSignal, type FeedSubscription, type LedgerFeed } from './follow.js';

/** A ledger feed driven by the test: it decides the head and when each subscription delivers or drops. */
class FakeFeed implements LedgerFeed {
  head_ = 0;
  headFailures = 0;
  readonly subscriptions: { after: number; emit: (p: number) => void; drop: (e: Error) => void; closed: boolean }[] = [];

  async head(): Promise<number> {
    if (this.headFailures > 0) {
      this.headFailures--;
      throw new Error('unavailable');
    }
    return this.head_;
  }

  subscribe(after: number, onAppendEnd: (position: number) => void): FeedSubscription {
    let drop!: (e: Error) => void;
    let end!: () => void;
    const ended = new Promise<void>((resolve, reject) => {
      drop = reject;
      end = resolve;
    });
    const entry = { after, emit: onAppendEnd, drop, closed: false };
    this.subscriptions.push(entry);
    return {
      ended,
      close: async () => {
        entry.closed = true;
        end();
      },
    };
  }
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
};

describe('MonotonicSignal', () => {
  it('tells each position once and never goes back', () => {
    const signal = new MonotonicSignal();
    const seen: number[] = [];
    const off = signal.on((p) => seen.push(p));
    for (const p of [0, 2, 1, 2, 5, 3]) signal.raise(p);
    off();
    signal.raise(9);
    expect(seen).toEqual([2, 5]);
  });
});

describe('followLedger', () => {
  it('tells the head, then every append end, from a subscription after that head', async () => {
    const feed = new FakeFeed();
    feed.head_ = 7;
    const seen: number[] = [];
    const follower = followLedger(feed, (p) => seen.push(p), { minDelayMs: 1 });
    await until(() => feed.subscriptions.length === 1);
    expect(feed.subscriptions[0].after).toBe(7);
    feed.subscriptions[0].emit(9);
    feed.subscriptions[0].emit(10);
    await follower.stop();
    expect(seen).toEqual([7, 9, 10]);
    expect(feed.subscriptions[0].closed).toBe(true);
  });

  it('resubscribes after a drop from the head read again, reporting the drop', async () => {
    const feed = new FakeFeed();
    const errors: unknown[] = [];
    const seen: number[] = [];
    const follower = followLedger(feed, (p) => seen.push(p), { minDelayMs: 1, onError: (e) => errors.push(e) });
    await until(() => feed.subscriptions.length === 1);
    feed.subscriptions[0].emit(3);
    feed.head_ = 5; // another replica appended while we were cut off
    feed.subscriptions[0].drop(new Error('connection reset'));
    await until(() => feed.subscriptions.length === 2);
    expect(feed.subscriptions[1].after).toBe(5);
    expect(seen).toEqual([0, 3, 5]);
    expect(errors).toEqual([new Error('connection reset')]);
    await follower.stop();
  });

  it('keeps retrying while the server is unreachable, backing off', async () => {
    const feed = new FakeFeed();
    feed.headFailures = 3;
    const errors: unknown[] = [];
    const follower = followLedger(feed, () => undefined, { minDelayMs: 1, maxDelayMs: 4, onError: (e) => errors.push(e) });
    await until(() => feed.subscriptions.length === 1);
    expect(errors).toHaveLength(3);
    await follower.stop();
  });

  it('stops promptly while waiting to reconnect', async () => {
    const feed = new FakeFeed();
    feed.headFailures = 1;
    const follower = followLedger(feed, () => undefined, { minDelayMs: 60_000 });
    await new Promise((r) => setTimeout(r, 10));
    const started = Date.now();
    await follower.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(feed.subscriptions).toHaveLength(0);
  });
});
