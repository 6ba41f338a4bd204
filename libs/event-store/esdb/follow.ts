/**
 * Telling this process's followers (the projector) that the ledger moved, whoever wrote: own appends
 * raise directly, and a catch-up subscription to the ledger brings other replicas' appends. The
 * subscription is re-opened after a drop, from the head read just before, so no append goes untold.
 */
import { AppendSignal } from '../listeners.js';

/** Raises only positions beyond the last one raised: an own append and the subscription's echo of it are told once. */
export class MonotonicSignal {
  private readonly signal = new AppendSignal();
  private raised = 0;

  on(listener: (position: number) => void): () => void {
    return this.signal.on(listener);
  }

  raise(position: number): void {
    if (position <= this.raised) return;
    this.raised = position;
    this.signal.raise(position);
  }
}

export interface FeedSubscription {
  /** Settles when the subscription ends: resolves on a clean end, rejects on a drop. */
  readonly ended: Promise<void>;
  close(): Promise<void>;
}

export interface LedgerFeed {
  head(): Promise<number>;
  /** Live positions at which appends after `after` end, until the subscription ends. */
  subscribe(after: number, onAppendEnd: (position: number) => void): FeedSubscription;
}

export interface FollowOptions {
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Drops and failed reconnects, for the application's log. */
  onError?: (error: unknown) => void;
}

export interface Follower {
  stop(): Promise<void>;
}

export function followLedger(feed: LedgerFeed, raise: (position: number) => void, options: FollowOptions = {}): Follower {
  const minDelay = options.minDelayMs ?? 100;
  const maxDelay = options.maxDelayMs ?? 5_000;
  let stopped = false;
  let current: FeedSubscription | undefined;
  let wake: (() => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    let delay = minDelay;
    while (!stopped) {
      try {
        const head = await feed.head();
        raise(head);
        if (stopped) break;
        current = feed.subscribe(head, (position) => {
          delay = minDelay;
          raise(position);
        });
        await current.ended;
      } catch (error) {
        if (!stopped) options.onError?.(error);
      }
      current = undefined;
      if (stopped) break;
      await pause(delay);
      delay = Math.min(delay * 2, maxDelay);
    }
  })();

  return {
    async stop() {
      stopped = true;
      wake?.();
      await current?.close();
      await loop;
    },
  };
}
