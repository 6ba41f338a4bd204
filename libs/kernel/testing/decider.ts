/**
 * The one given/when/then helper for every slice's decider (Emmett style), for tables of cases:
 *
 *   const { given } = deciderSpec({ decide, evolve, initial, today: '2026-03-15' });
 *   given(events).when(command).then(expectedEvents);
 *   given(events).when(command, '2025-12-31').thenRefused('no-future-dates');
 *   given(events).when(command).thenThrows(Conflict).details;   // a 409 or 404 the decider throws
 *
 * `evolve(state, event, index)` folds the given events in order (the index is the event's place in the list, so a
 * slice can give it an id and a revision). Every decider has the shape decide(command, state, today); one that needs
 * no day may leave `today` out.
 */
import { RuleViolation, type Decision } from '../errors.js';

export interface DeciderUnderTest<C, S, E> {
  decide(command: C, state: S, today: string): Decision<E>;
  evolve(state: S, event: E, index: number): S;
  initial: S;
  /** The day the decider is asked on, unless a case names another. */
  today: string;
}

export interface Then<E> {
  /** The decision, for assertions the tables do not cover (rethrows what the decider threw). */
  readonly decision: Decision<E>;
  then(expected: E[]): void;
  thenRefused(rule: string): void;
  /** The decider threw (a Conflict, a NotFound): asserts its class and returns it for further assertions. */
  thenThrows<X extends Error>(kind: abstract new (...args: never[]) => X): X;
}

type Outcome<E> = { decision: Decision<E> } | { thrown: unknown };

export function deciderSpec<C, S, E>(d: DeciderUnderTest<C, S, E>) {
  const fold = (events: readonly E[]): S => events.reduce<S>((state, event, index) => d.evolve(state, event, index), d.initial);
  return {
    fold,
    given(events: readonly E[]) {
      const state = fold(events);
      return {
        state,
        when(command: C, today: string = d.today): Then<E> {
          let outcome: Outcome<E>;
          try {
            outcome = { decision: d.decide(command, state, today) };
          } catch (thrown) {
            outcome = { thrown };
          }
          const decided = (): Decision<E> => {
            if ('thrown' in outcome) throw outcome.thrown;
            return outcome.decision;
          };
          return {
            get decision() {
              return decided();
            },
            then(expected) {
              const decision = decided();
              if (decision instanceof RuleViolation) throw new Error(`expected events, refused by ${decision.rule}: ${decision.message}`);
              expect(decision).toEqual(expected);
            },
            thenRefused(rule) {
              const decision = decided();
              if (!(decision instanceof RuleViolation)) throw new Error(`expected the refusal ${rule}, got ${JSON.stringify(decision)}`);
              expect(decision.rule).toBe(rule);
              expect(decision.message.length).toBeGreaterThan(0);
            },
            thenThrows(kind) {
              if (!('thrown' in outcome)) throw new Error(`expected a thrown ${kind.name}, got ${JSON.stringify(outcome.decision)}`);
              expect(outcome.thrown).toBeInstanceOf(kind);
              return outcome.thrown as never;
            },
          };
        },
      };
    },
  };
}
