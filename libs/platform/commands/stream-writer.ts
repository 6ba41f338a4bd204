/**
 * The one write path every command handler uses: read the stream, fold it, decide, append with the
 * expected revision and the caller's idempotency key, then wait until the read models have the write
 * so the caller reads it back. Holds no rules: `decide` and `evolve` come from a slice's domain/.
 */
import { Inject, Injectable } from '@nestjs/common';
import { Conflict, RuleViolation, StaleRevision, type Decision, type Json } from '../../kernel/index.js';
import {
  IdempotencyKeyReused,
  NO_STREAM,
  type AppendResult,
  WrongExpectedRevision,
  type EventGuard,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from '../../event-store/index.js';
import { Projector, ReadSideUnavailable } from '../../projector/index.js';
import { Clock } from '../clock.js';
import { EVENT_STORE } from '../injection.js';
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
  evolve: (state: S, event: E, stored: StoredEvent) => S;
  /** Receives the folded state and today's date in the ledger's zone. */
  decide: (state: S, today: string) => Decision<E>;
  occurredOn: (event: E) => string;
  write: WriteContext;
}

@Injectable()
export class StreamWriter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
    private readonly clock: Clock,
  ) {}

  today(): string {
    return this.clock.today();
  }

  /** Folds a stream whose events `is` accepts; an event it refuses means the stream is not this domain's: an error. */
  async fold<S, E extends DomainEvent>(
    streamId: string,
    initial: S,
    evolve: (s: S, e: E, stored: StoredEvent) => S,
    is: EventGuard<E>,
  ): Promise<{ state: S; revision: number }> {
    const events = await this.store.readStream(streamId);
    const state = events.reduce((s, e) => {
      if (!is(e)) throw new Error(`stream ${streamId} holds a ${e.type} event at revision ${e.revision}, which its domain does not know`);
      return evolve(s, e, e);
    }, initial);
    return { state, revision: events.length - 1 };
  }

  /** Returns the appended events, or the first answer's events when the idempotency key replays. */
  async decideAndAppend<S, E extends DomainEvent>(spec: DecideOnStream<S, E>): Promise<StoredEvent[]> {
    const replay = await this.replayed(spec.write);
    if (replay) return replay;
    const { state, revision } = await this.fold(spec.streamId, spec.initial, spec.evolve, spec.is);
    if (spec.write.ifMatch !== undefined && spec.write.ifMatch !== revision) {
      throw new StaleRevision(spec.write.ifMatch, revision);
    }
    const decision = spec.decide(state, this.clock.today());
    if (decision instanceof RuleViolation) {
      // A concurrent request with the same key may have landed since the first look: it is the answer.
      const late = await this.replayed(spec.write);
      if (late) return late;
      throw decision;
    }
    return this.append(spec.streamId, decision, revision, spec.occurredOn, spec.write);
  }

  /** Appends decided events at an expected revision (NO_STREAM for a new stream). */
  async append<E extends DomainEvent>(
    streamId: string,
    events: E[],
    expectedRevision: number,
    occurredOn: (event: E) => string,
    write: WriteContext,
  ): Promise<StoredEvent[]> {
    const newEvents: NewEvent[] = events.map((e) => ({
      type: e.type,
      data: e.data as { [key: string]: Json },
      occurredOn: occurredOn(e),
      actor: write.principal.actor,
      role: write.principal.role,
    }));
    // While the read side is down a write is refused before anything is appended (503): never "stored, answered 500".
    this.projector.assertFollowing();
    let result: AppendResult;
    try {
      result = await this.store.append(streamId, newEvents, {
        expectedRevision: expectedRevision < 0 ? NO_STREAM : expectedRevision,
        idempotency: write.idempotencyKey ? { key: scopedKey(write), requestHash: write.requestHash } : undefined,
      });
    } catch (error) {
      throw translate(error, write);
    }
    try {
      await this.projector.waitFor(result.events.at(-1)!.globalPosition);
    } catch (error) {
      // The append is durable: it is answered as written, and the answer says the read side lags.
      if (!(error instanceof ReadSideUnavailable)) throw error;
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
