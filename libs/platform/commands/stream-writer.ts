/**
 * The one write path every command handler uses: fold the stream, decide, append with the expected
 * revision and the caller's idempotency key, then wait until the read models have the write so the
 * caller reads it back. Holds no rules: `decide` and `evolve` come from a slice's domain/.
 *
 * - Commands on one stream run one after another in this process (a per-stream queue), so siblings
 *   never conflict; another process's write that wins is retried (re-read, re-decided) a bounded
 *   number of times when the client sent no If-Match. With If-Match a stale revision is 412.
 * - The folded states of recently written streams are kept (bounded by count and by size), and only
 *   the events after the cached revision are read. The cache changes no answer (a test runs with it off).
 * - The stream's queue moves on once the append is durable; waiting for the read models happens
 *   outside it, so appends of many commands share the store's group commit and the projector's batch.
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Conflict, RuleViolation, StaleRevision, type Decision, type Json } from '../../kernel/index.js';
import {
  IdempotencyKeyReused,
  NO_STREAM,
  WrongExpectedRevision,
  type EventGuard,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from '../../event-store/index.js';
import { Projector } from '../../projector/index.js';
import { Clock } from '../clock.js';
import { EVENT_STORE } from '../injection.js';
import { LedgerMetrics } from '../metrics.js';
import { KeyedQueue } from './keyed-queue.js';
import type { WriteContext } from './write-context.js';

export interface DomainEvent {
  type: string;
  data: object;
}

export interface DecideOnStream<S, E extends DomainEvent> {
  streamId: string;
  /** Reads the stream's stored events as the domain's `E` (its guard, e.g. `isProjectEvent`). */
  is: EventGuard<E>;
  initial: S;
  /** Must not change the state it is given (cached states are shared between commands). */
  evolve: (state: S, event: E, stored: StoredEvent) => S;
  /** Receives the folded state and today's date in the ledger's zone; runs in the stream's turn of the queue. */
  decide: (state: S, today: string) => Decision<E>;
  occurredOn: (event: E) => string;
  write: WriteContext;
}

export interface StreamWriterOptions {
  /** Folded states kept; 0 turns the cache off. */
  cachedStreams: number;
  /** Upper bound of the cache's estimated size. */
  cacheBytes: number;
  /** Tries of one command when another process's write wins and the client sent no If-Match. */
  attempts: number;
}

export const STREAM_WRITER_OPTIONS = Symbol('StreamWriterOptions');
export const DEFAULT_STREAM_WRITER_OPTIONS: StreamWriterOptions = { cachedStreams: 10_000, cacheBytes: 64 * 1024 * 1024, attempts: 5 };

interface Folded<S> {
  state: S;
  revision: number;
}

/** A cached fold remembers which fold made it, so a stream read by another domain's guard is folded afresh. */
interface CachedFold extends Folded<unknown> {
  is: unknown;
  evolve: unknown;
  bytes: number;
}

/** A rough footprint of an event in a folded state: its data as text, plus the envelope. */
const estimatedBytes = (events: StoredEvent[]): number => events.reduce((n, e) => n + 256 + 2 * JSON.stringify(e.data).length, 0);

@Injectable()
export class StreamWriter {
  private readonly queue = new KeyedQueue();
  private readonly cache: LRUCache<string, CachedFold> | null;
  private readonly options: StreamWriterOptions;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
    private readonly clock: Clock,
    @Optional() @Inject(STREAM_WRITER_OPTIONS) options?: StreamWriterOptions,
    @Optional() private readonly metrics?: LedgerMetrics,
  ) {
    this.options = options ?? DEFAULT_STREAM_WRITER_OPTIONS;
    this.cache =
      this.options.cachedStreams > 0
        ? new LRUCache<string, CachedFold>({ max: this.options.cachedStreams, maxSize: this.options.cacheBytes, sizeCalculation: (f) => Math.max(1, f.bytes) })
        : null;
  }

  today(): string {
    return this.clock.today();
  }

  /** Commands waiting for or holding their stream's turn. */
  queueDepth(): number {
    return this.queue.depth;
  }

  /** Folds a stream whose events `is` accepts; an event it refuses means the stream is not this domain's: an error. */
  async fold<S, E extends DomainEvent>(
    streamId: string,
    initial: S,
    evolve: (s: S, e: E, stored: StoredEvent) => S,
    is: EventGuard<E>,
  ): Promise<Folded<S>> {
    return this.current({ streamId, initial, evolve, is });
  }

  /** Returns the appended events, or the first answer's events when the idempotency key replays. */
  async decideAndAppend<S, E extends DomainEvent>(spec: DecideOnStream<S, E>): Promise<StoredEvent[]> {
    const started = process.hrtime.bigint();
    const replay = await this.replayed(spec.write);
    if (replay) return replay;
    const result = await this.queue.run(spec.streamId, () => this.decideWithRetries(spec));
    await this.projector.waitFor(result.events.at(-1)!.globalPosition);
    if (!result.replayed) {
      this.metrics?.writes.inc();
      this.metrics?.writeSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
    return result.events;
  }

  /** The events a retried request appended the first time, or null when the key is new. */
  async replayed(write: WriteContext): Promise<StoredEvent[] | null> {
    if (!write.idempotencyKey) return null;
    const prior = await this.store.findIdempotent(scopedKey(write));
    if (!prior) return null;
    if (prior.requestHash !== write.requestHash) throw translate(new IdempotencyKeyReused(write.idempotencyKey), write);
    await this.projector.waitFor(prior.events.at(-1)!.globalPosition);
    return prior.events;
  }

  private async decideWithRetries<S, E extends DomainEvent>(spec: DecideOnStream<S, E>): Promise<{ replayed: boolean; events: StoredEvent[] }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.decideOnce(spec);
      } catch (error) {
        const retry = error instanceof WrongExpectedRevision && spec.write.ifMatch === undefined && attempt < this.options.attempts;
        if (error instanceof WrongExpectedRevision) this.cache?.delete(spec.streamId);
        if (retry) {
          this.metrics?.conflicts.inc({ outcome: 'retried' });
          continue;
        }
        const answer = translate(error, spec.write);
        if (answer instanceof StaleRevision) this.metrics?.conflicts.inc({ outcome: 'stale-if-match' });
        else if (error instanceof WrongExpectedRevision) this.metrics?.conflicts.inc({ outcome: 'lost' });
        throw answer;
      }
    }
  }

  private async decideOnce<S, E extends DomainEvent>(spec: DecideOnStream<S, E>): Promise<{ replayed: boolean; events: StoredEvent[] }> {
    const folded = await this.current(spec);
    if (spec.write.ifMatch !== undefined && spec.write.ifMatch !== folded.revision) {
      throw new StaleRevision(spec.write.ifMatch, folded.revision);
    }
    const decision = spec.decide(folded.state, this.clock.today());
    if (decision instanceof RuleViolation) {
      // A concurrent request with the same key may have landed since the first look: it is the answer.
      const late = await this.replayed(spec.write);
      if (late) return { replayed: true, events: late };
      this.metrics?.refusals.inc({ rule: decision.rule });
      throw decision;
    }
    const result = await this.store.append(spec.streamId, this.toNewEvents(decision, spec), {
      expectedRevision: folded.revision < 0 ? NO_STREAM : folded.revision,
      idempotency: spec.write.idempotencyKey ? { key: scopedKey(spec.write), requestHash: spec.write.requestHash } : undefined,
    });
    if (result.replayed) this.cache?.delete(spec.streamId);
    else this.remember(spec, this.advance(spec, folded, result.events), result.events);
    return result;
  }

  /** The stream's state: the cached fold and the events after it, or the whole stream. */
  private async current<S, E extends DomainEvent>(spec: Pick<DecideOnStream<S, E>, 'streamId' | 'initial' | 'evolve' | 'is'>): Promise<Folded<S>> {
    const cached = this.cache?.get(spec.streamId);
    const base: Folded<S> = cached && cached.is === spec.is && cached.evolve === spec.evolve ? (cached as Folded<S>) : { state: spec.initial, revision: -1 };
    const newer = await this.store.readStream(spec.streamId, base.revision >= 0 ? { fromRevision: base.revision + 1 } : {});
    if (newer.length === 0) return base;
    const folded = this.advance(spec, base, newer);
    this.remember(spec, folded, newer, base === cached ? cached.bytes : 0);
    return folded;
  }

  private advance<S, E extends DomainEvent>(spec: Pick<DecideOnStream<S, E>, 'streamId' | 'evolve' | 'is'>, from: Folded<S>, events: StoredEvent[]): Folded<S> {
    const state = events.reduce((s, e) => {
      if (!spec.is(e)) throw new Error(`stream ${spec.streamId} holds a ${e.type} event at revision ${e.revision}, which its domain does not know`);
      return spec.evolve(s, e, e);
    }, from.state);
    return { state, revision: events.at(-1)?.revision ?? from.revision };
  }

  private remember<S, E extends DomainEvent>(
    spec: Pick<DecideOnStream<S, E>, 'streamId' | 'evolve' | 'is'>,
    folded: Folded<S>,
    added: StoredEvent[],
    priorBytes = this.cache?.get(spec.streamId)?.bytes ?? 0,
  ): void {
    this.cache?.set(spec.streamId, { ...folded, is: spec.is, evolve: spec.evolve, bytes: priorBytes + estimatedBytes(added) });
  }

  private toNewEvents<S, E extends DomainEvent>(events: E[], spec: DecideOnStream<S, E>): NewEvent[] {
    return events.map((e) => ({
      type: e.type,
      data: e.data as { [key: string]: Json },
      occurredOn: spec.occurredOn(e),
      actor: spec.write.principal.actor,
      role: spec.write.principal.role,
    }));
  }
}

/** Keys are scoped by actor so two clients choosing the same key never see each other's answers. */
function scopedKey(write: WriteContext): string {
  return `${write.principal.actor}:${write.idempotencyKey}`;
}

function translate(error: unknown, write: WriteContext): unknown {
  if (error instanceof WrongExpectedRevision) {
    return write.ifMatch !== undefined
      ? new StaleRevision(write.ifMatch, error.actual)
      : new Conflict('a concurrent write to this stream won; read it again and retry', { streamId: error.streamId });
  }
  if (error instanceof IdempotencyKeyReused) {
    return new Conflict('this Idempotency-Key was already used with a different request', { idempotencyKey: write.idempotencyKey });
  }
  return error;
}
