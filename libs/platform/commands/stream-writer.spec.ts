import Database from 'better-sqlite3';
import { MemoryEventStore, narrow, type AppendOptions, type AppendResult, type EventStore, type NewEvent, type StoredEvent } from '../../event-store/index.js';
import { RuleViolation, StaleRevision, type Decision } from '../../kernel/index.js';
import { Projector } from '../../projector/index.js';
import { SystemClock } from '../clock.js';
import { LedgerMetrics } from '../metrics.js';
import { DEFAULT_STREAM_WRITER_OPTIONS, StreamWriter, type DecideOnStream } from './stream-writer.js';
import type { WriteContext } from './write-context.js';

type Counter = { type: 'Added'; data: { by: number } };
const isCounter = narrow<Counter>(['Added']);
const add = (total: number, e: Counter): number => total + e.data.by;
const LIMIT = 40;

const writerOn = (store: EventStore, cachedStreams = DEFAULT_STREAM_WRITER_OPTIONS.cachedStreams, metrics?: LedgerMetrics): StreamWriter =>
  new StreamWriter(
    store,
    new Projector(store, new Database(':memory:'), []),
    new SystemClock('Asia/Shanghai'),
    { ...DEFAULT_STREAM_WRITER_OPTIONS, cachedStreams },
    metrics,
  );

const conflicts = async (metrics: LedgerMetrics, outcome: string): Promise<number> =>
  (await metrics.conflicts.get()).values.filter((v) => v.labels.outcome === outcome).reduce((n, v) => n + v.value, 0);

async function writerOver(types: string[]): Promise<StreamWriter> {
  const store = new MemoryEventStore();
  for (const [i, type] of types.entries()) {
    await store.append('counter-1', [{ type, data: { by: i + 1 }, occurredOn: '2025-01-01', actor: 'test', role: 'admin' }], { expectedRevision: 'any' });
  }
  return writerOn(store);
}

const write = (ifMatch?: number): WriteContext => ({ principal: { actor: 'li.ming', role: 'recorder', unitId: null }, requestHash: 'h', ifMatch });

/** Adds `by` unless the total would pass the limit: a decision that depends on the whole folded state. */
const adding = (streamId: string, by: number, ifMatch?: number): DecideOnStream<number, Counter> => ({
  streamId,
  is: isCounter,
  initial: 0,
  evolve: add,
  decide: (total): Decision<Counter> =>
    total + by > LIMIT ? new RuleViolation('counter-limit', `${total} + ${by} passes ${LIMIT}`) : [{ type: 'Added', data: { by } }],
  occurredOn: () => '2026-01-01',
  write: write(ifMatch),
});

const outcome = (p: Promise<StoredEvent[]>): Promise<string> =>
  p.then(
    (events) => events.map((e) => `${e.streamId}@${e.revision}+${e.data.by}`).join(','),
    (error: Error) => `${error.name}: ${error.message}`,
  );

/** A memory store whose appends of one turn are held and committed together, like SQLite's group commit; `failNext` fails one. */
class GroupedStore extends MemoryEventStore {
  commits = 0;
  failNext = false;
  private held: (() => void)[] = [];

  override append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.held.push(() => {
        if (this.failNext) {
          this.failNext = false;
          reject(new Error('disk I/O error'));
        } else super.append(streamId, events, options).then(resolve, reject);
      });
      if (this.held.length === 1) {
        setImmediate(() => {
          this.commits++;
          for (const run of this.held.splice(0)) run();
        });
      }
    });
  }
}

describe('StreamWriter.fold', () => {
  it('folds the stream as the domain events its guard accepts', async () => {
    const writer = await writerOver(['Added', 'Added', 'Added']);
    await expect(writer.fold('counter-1', 0, add, isCounter)).resolves.toEqual({ state: 6, revision: 2 });
  });

  it('refuses a stream holding an event its domain does not know', async () => {
    const writer = await writerOver(['Added', 'UnitRegistered']);
    await expect(writer.fold('counter-1', 0, add, isCounter)).rejects.toThrow('stream counter-1 holds a UnitRegistered event at revision 1');
  });
});

describe('StreamWriter.decideAndAppend', () => {
  it('runs concurrent commands on one stream one after another: none conflicts, each decides on the one before', async () => {
    const store = new MemoryEventStore();
    const writer = writerOn(store);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => outcome(writer.decideAndAppend(adding('counter-q', 2 + (i % 5))))));
    const landed = answers.filter((a) => a.startsWith('counter-q@'));
    expect(answers.filter((a) => !a.startsWith('counter-q@')).every((a) => a.startsWith('RuleViolation'))).toBe(true);
    expect(answers.some((a) => a.startsWith('RuleViolation'))).toBe(true);
    expect((await store.readStream('counter-q')).map((e) => e.revision)).toEqual(landed.map((_, i) => i));
    expect((await writer.fold('counter-q', 0, add, isCounter)).state).toBeLessThanOrEqual(LIMIT);
  });

  it('decides consecutive commands on one stream against the pending state and commits them together', async () => {
    const store = new GroupedStore();
    const writer = writerOn(store);
    await writer.decideAndAppend(adding('counter-g', 1));
    const before = store.commits;
    const answers = await Promise.all(Array.from({ length: 10 }, () => outcome(writer.decideAndAppend(adding('counter-g', 1)))));
    expect(answers.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `counter-g@${i + 1}+1`).sort());
    expect(store.commits - before).toBeLessThan(10);
  });

  it('a failed append: the commands decided after it are decided again on what was stored', async () => {
    const store = new GroupedStore();
    const writer = writerOn(store);
    await writer.decideAndAppend(adding('counter-f', 35));
    store.failNext = true;
    // 35 + 5 = 40 is allowed; the second +5 is refused only if the first is stored, and it is not.
    const [first, second] = await Promise.all([
      outcome(writer.decideAndAppend(adding('counter-f', 5))),
      outcome(writer.decideAndAppend(adding('counter-f', 5))),
    ]);
    expect(first).toBe('Error: disk I/O error');
    expect(second).toBe('counter-f@1+5');
    expect((await store.readStream('counter-f')).map((e) => e.data.by)).toEqual([35, 5]);
  });

  it('retries without If-Match when another process wins the stream, and answers 412 with If-Match', async () => {
    const store = new MemoryEventStore();
    const metrics = new LedgerMetrics();
    const [one, other] = [writerOn(store, undefined, metrics), writerOn(store, undefined, metrics)]; // two processes: separate queues and caches
    await one.decideAndAppend(adding('counter-r', 1));
    const racing = await Promise.all(Array.from({ length: 8 }, (_, i) => outcome((i % 2 ? one : other).decideAndAppend(adding('counter-r', 1)))));
    expect(racing.every((a) => a.startsWith('counter-r@'))).toBe(true);
    expect(await store.readStream('counter-r')).toHaveLength(9);
    expect(await conflicts(metrics, 'retried')).toBeGreaterThan(0);
    const stale = await Promise.allSettled([one.decideAndAppend(adding('counter-r', 1, 8)), other.decideAndAppend(adding('counter-r', 1, 8))]);
    expect(stale.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    expect(stale.filter((s) => s.status === 'rejected').map((s) => (s as PromiseRejectedResult).reason)).toEqual([expect.any(StaleRevision)]);
  });

  it('answers 412 for an If-Match the stream is not at, whether the state is cached or not', async () => {
    const writer = writerOn(new MemoryEventStore());
    await writer.decideAndAppend(adding('counter-m', 1));
    await expect(writer.decideAndAppend(adding('counter-m', 1, 99))).rejects.toThrow(new StaleRevision(99, 0));
    await expect(writer.decideAndAppend(adding('counter-m', 1, 0))).resolves.toHaveLength(1);
  });

  it('sees a write another process made after the state was cached', async () => {
    const store = new MemoryEventStore();
    const [one, other] = [writerOn(store), writerOn(store)];
    await one.decideAndAppend(adding('counter-x', 30));
    await other.decideAndAppend(adding('counter-x', 10));
    await expect(one.decideAndAppend(adding('counter-x', 1))).rejects.toThrow('40 + 1 passes 40');
  });

  it('gives the same answers and stores the same events with the state cache off', async () => {
    const script = Array.from({ length: 60 }, (_, i) => ({ stream: `counter-${i % 4}`, by: 1 + ((i * 7) % 6), ifMatch: i % 9 === 0 ? i % 5 : undefined }));
    const run = async (cachedStreams: number) => {
      const store = new MemoryEventStore();
      const writer = writerOn(store, cachedStreams);
      const answers: string[] = [];
      for (const step of script) answers.push(await outcome(writer.decideAndAppend(adding(step.stream, step.by, step.ifMatch))));
      const events = (await store.readAll(0, 1000)).map((e) => [e.streamId, e.revision, e.type, e.data]);
      return { answers, events };
    };
    const cached = await run(DEFAULT_STREAM_WRITER_OPTIONS.cachedStreams);
    const uncached = await run(0);
    expect(cached).toEqual(uncached);
    const kinds = new Set(cached.answers.map((a) => (a.startsWith('counter-') ? 'written' : a.split(':')[0])));
    expect(kinds).toEqual(new Set(['written', 'RuleViolation', 'StaleRevision'])); // the script hits writes, refusals and 412s
  });
});
