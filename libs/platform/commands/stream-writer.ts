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
 * - The stream's queue moves on as soon as a command's events are handed to the store: the next
 *   command is decided against the state with those events (pending), and appended at the revision
 *   after them, so consecutive commands on a hot stream share one commit. A refusal or a stale If-Match
 *   decided against a pending state waits for it to be stored and is decided again if it was not.
 *   Each command is answered only once its events are durable and projected.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Conflict, RuleViolation, StaleRevision, type Decision, type Json } from '../../kernel/index.js';
import {
  IdempotencyKeyReused,
  NO_STREAM,
  WrongExpectedRevision,
  type EventGuard,
  type EventStore,
  type AppendResult,
  type NewEvent,
  type StoredEvent,
} from '../../event-store/index.js';
import { Projector, ReadSideUnavailable } from '../../projector/index.js';
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
  evolve: (state: S, event: E, at: EventAt) => S;
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

/** What evolve may know of an event's place: a pending event has its id and revision before it is stored. */
export interface EventAt {
  eventId: string;
  revision: number;
}

interface Folded<S> {
  state: S;
  revision: number;
}

/** A stream with appends handed to the store and not yet settled: the state after them. */
interface Pending extends Folded<unknown> {
  is: unknown;
  evolve: unknown;
  /** Settles (never rejects) once this append and every earlier one of the stream have. */
  settled: Promise<void>;
}

type Submitted = { appended: Promise<AppendResult> };

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
  private readonly pending = new Map<string, Pending>();
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
  async fold<S, E extends DomainEvent>(streamId: string, initial: S, evolve: (s: S, e: E, at: EventAt) => S, is: EventGuard<E>): Promise<Folded<S>> {
    return this.current({ streamId, initial, evolve, is });
  }

  /** Returns the appended events, or the first answer's events when the idempotency key replays. */
  async decideAndAppend<S, E extends DomainEvent>(spec: DecideOnStream<S, E>): Promise<StoredEvent[]> {
    const started = process.hrtime.bigint();
    const replay = await this.replayed(spec.write);
    if (replay) return replay;
    for (let attempt = 1; ; attempt++) {
      const { appended } = await this.queue.run(spec.streamId, () => this.submit(spec));
      let result: AppendResult;
      try {
        result = await appended;
      } catch (error) {
        const retry = error instanceof WrongExpectedRevision && spec.write.ifMatch === undefined && attempt < this.options.attempts;
        if (retry) {
          this.metrics?.conflicts.inc({ outcome: 'retried' });
          continue;
        }
        throw this.refused(error, spec.write);
      }
      if (!result.replayed) {
        this.metrics?.writes.inc();
        this.metrics?.writeSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
      }
      try {
        await this.projector.waitFor(result.events.at(-1)!.globalPosition);
      } catch (error) {
        // The append is durable: it is answered as written, and the answer says the read side lags.
        if (!(error instanceof ReadSideUnavailable)) throw error;
      }
      return result.events;
    }
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

  /** Runs in the stream's turn: decides against the stream's state (pending or stored) and hands the events to the store. */
  private async submit<S, E extends DomainEvent>(spec: DecideOnStream<S, E>): Promise<Submitted> {
    const inFlight = this.pending.get(spec.streamId);
    const pending = inFlight && inFlight.is === spec.is && inFlight.evolve === spec.evolve ? inFlight : undefined;
    if (inFlight && !pending) await inFlight.settled;
    const base: Folded<S> = pending ? (pending as Folded<S>) : await this.current(spec);
    if (spec.write.ifMatch !== undefined && spec.write.ifMatch !== base.revision) {
      if (pending) return this.afterSettling(pending, spec);
      throw this.refused(new StaleRevision(spec.write.ifMatch, base.revision), spec.write);
    }
    const decision = decideOrConflict(spec, base.state, this.clock.today());
    if (decision instanceof RuleViolation || decision instanceof Conflict) {
      if (pending) return this.afterSettling(pending, spec);
      // A concurrent request with the same key may have landed since the first look: it is the answer.
      const late = await this.replayed(spec.write);
      if (late) return { appended: Promise.resolve({ replayed: true, events: late }) };
      this.metrics?.refusals.inc({ rule: decision instanceof RuleViolation ? decision.rule : String(decision.details.rule ?? 'conflict') });
      throw decision;
    }
    const events = this.toNewEvents(decision, spec);
    // While the read side is down a write is refused before anything is appended (503): never "stored, answered 500".
    this.projector.assertFollowing();
    const appended = this.store.append(spec.streamId, events, {
      expectedRevision: base.revision < 0 ? NO_STREAM : base.revision,
      idempotency: spec.write.idempotencyKey ? { key: scopedKey(spec.write), requestHash: spec.write.requestHash } : undefined,
    });
    const next: Pending = {
      state: decision.reduce((state, e, i) => spec.evolve(state, e, { eventId: events[i].eventId!, revision: base.revision + 1 + i }), base.state),
      revision: base.revision + events.length,
      is: spec.is,
      evolve: spec.evolve,
      settled: Promise.all([pending?.settled, appended]).then(
        () => undefined,
        () => undefined,
      ),
    };
    this.pending.set(spec.streamId, next);
    appended.then(
      (result) => this.stored(spec, next, events, result),
      () => this.forget(spec.streamId),
    );
    return { appended };
  }

  /** A refusal or a stale If-Match seen against pending events: decided again once they are stored (or not). */
  private async afterSettling<S, E extends DomainEvent>(pending: Pending, spec: DecideOnStream<S, E>): Promise<Submitted> {
    await pending.settled;
    return this.submit(spec);
  }

  /** The append is durable: the pending state is now the stored one, unless the store chose other ids or replayed. */
  private stored<S, E extends DomainEvent>(spec: DecideOnStream<S, E>, next: Pending, events: NewEvent[], result: AppendResult): void {
    const same = !result.replayed && result.events.every((e, i) => e.eventId === events[i].eventId);
    if (!same) return this.forget(spec.streamId);
    if (this.pending.get(spec.streamId) === next) this.pending.delete(spec.streamId);
    this.remember(spec, next as Folded<S>, result.events);
  }

  private forget(streamId: string): void {
    this.pending.delete(streamId);
    this.cache?.delete(streamId);
  }

  private refused(error: unknown, write: WriteContext): unknown {
    const answer = translate(error, write);
    if (answer instanceof StaleRevision) this.metrics?.conflicts.inc({ outcome: 'stale-if-match' });
    else if (error instanceof WrongExpectedRevision) this.metrics?.conflicts.inc({ outcome: 'lost' });
    return answer;
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
      eventId: randomUUID(),
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

/** A decider refuses by returning a RuleViolation, or (a duplicate, e.g. one slip counted once) by throwing a Conflict. */
function decideOrConflict<S, E extends DomainEvent>(spec: DecideOnStream<S, E>, state: S, today: string): Decision<E> | Conflict {
  try {
    return spec.decide(state, today);
  } catch (error) {
    if (error instanceof Conflict) return error;
    throw error;
  }
}
