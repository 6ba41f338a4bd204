import { ANY, NO_STREAM as ESDB_NO_STREAM } from '@eventstore/db-client';
import { NO_STREAM } from '../port.js';
import { fromEsdbCurrent, globalPositionOf, ledgerExpected, ledgerRevisionOf, toEsdbExpected, toSafeNumber } from './positions.js';

describe('ESDB revision and position mapping', () => {
  it('maps our expected revisions to ESDB constants and bigints', () => {
    expect(toEsdbExpected(NO_STREAM)).toBe(ESDB_NO_STREAM);
    expect(toEsdbExpected('any')).toBe(ANY);
    expect(toEsdbExpected(0)).toBe(0n);
    expect(toEsdbExpected(41)).toBe(41n);
    expect(() => toEsdbExpected(-2)).toThrow(RangeError);
    expect(() => toEsdbExpected(1.5)).toThrow(RangeError);
  });

  it("reads ESDB's current revision as ours, a missing stream as -1", () => {
    expect(fromEsdbCurrent(ESDB_NO_STREAM)).toBe(-1);
    expect(fromEsdbCurrent(0n)).toBe(0);
    expect(fromEsdbCurrent(7n)).toBe(7);
  });

  it('refuses bigints a number cannot hold exactly', () => {
    expect(toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER), 'x')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER) + 1n, 'revision')).toThrow(/revision 9007199254740992 is outside/);
    expect(() => fromEsdbCurrent(2n ** 63n - 1n)).toThrow(RangeError);
  });

  it('makes the 1-based global position the 0-based ledger revision plus one, both ways', () => {
    expect(globalPositionOf(0n)).toBe(1);
    expect(globalPositionOf(99n)).toBe(100);
    expect(ledgerRevisionOf(1)).toBe(0n);
    expect(ledgerRevisionOf(100)).toBe(99n);
    for (const p of [1, 2, 1_000_000]) expect(globalPositionOf(ledgerRevisionOf(p))).toBe(p);
    expect(() => ledgerRevisionOf(0)).toThrow(RangeError);
  });

  it('locks the ledger at its last revision, or at "no stream" when it is empty', () => {
    expect(ledgerExpected(0)).toBe(ESDB_NO_STREAM);
    expect(ledgerExpected(1)).toBe(0n);
    expect(ledgerExpected(4)).toBe(3n);
  });
});
