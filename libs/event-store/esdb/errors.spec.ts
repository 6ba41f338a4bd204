import { ANY, NO_STREAM as ESDB_NO_STREAM, StreamNotFoundError, UnavailableError, WrongExpectedVersionError } from '@eventstore/db-client';
import { WrongExpectedRevision } from '../port.js';
import { EsdbUnavailable, toPortError } from './errors.js';

describe('ESDB error mapping', () => {
  it('maps WrongExpectedVersionError to our conflict, in our stream id and numbers', () => {
    const esdb = new WrongExpectedVersionError(undefined, { streamName: 'ns-project-p1', expected: 2n, current: 4n });
    const mapped = toPortError(esdb, { where: 'esdb://node1:2113', append: { streamId: 'project-p1', expected: 2 } });
    expect(mapped).toBeInstanceOf(WrongExpectedRevision);
    expect(mapped).toMatchObject({ streamId: 'project-p1', expected: 2, actual: 4 });
  });

  it('reports a stream that does not exist yet as revision -1', () => {
    const esdb = new WrongExpectedVersionError(undefined, { streamName: 'ledger', expected: ANY, current: ESDB_NO_STREAM });
    expect(toPortError(esdb, { where: 'x', append: { streamId: 'ledger', expected: 0 } })).toMatchObject({ actual: -1 });
  });

  it('names the host, never the credentials, when the server cannot be reached', () => {
    const mapped = toPortError(new UnavailableError(undefined, '14 UNAVAILABLE: No connection established'), { where: 'esdb://node1:2113' });
    expect(mapped).toBeInstanceOf(EsdbUnavailable);
    expect((mapped as Error).message).toBe('EventStoreDB at esdb://node1:2113 cannot be reached: 14 UNAVAILABLE: No connection established');
  });

  it('leaves other errors as they are', () => {
    const notFound = new StreamNotFoundError(undefined, 'x');
    expect(toPortError(notFound, { where: 'x' })).toBe(notFound);
    const plain = new Error('boom');
    expect(toPortError(plain, { where: 'x' })).toBe(plain);
    // Without an append context a version error is not a caller's conflict: leave it for the adapter to handle.
    const wev = new WrongExpectedVersionError(undefined, { streamName: 'ledger', expected: 1n, current: 2n });
    expect(toPortError(wev, { where: 'x' })).toBe(wev);
  });
});
