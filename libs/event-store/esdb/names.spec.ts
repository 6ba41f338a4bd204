import { StreamNames, describeConnectionString } from './names.js';

describe('ESDB stream names', () => {
  it('puts every stream of a ledger under its namespace', () => {
    const names = new StreamNames('t1-');
    expect(names.ledger).toBe('t1-ledger');
    expect(names.stream('project-p1')).toBe('t1-project-p1');
    expect(names.key('li.ming:k-1')).toMatch(/^t1-ledger-key-[0-9a-f]{64}$/);
    expect(names.key('a')).not.toBe(names.key('b'));
    expect(new StreamNames().ledger).toBe('ledger');
  });

  it("refuses stream ids that would collide with the adapter's or ESDB's own streams", () => {
    const names = new StreamNames();
    for (const id of ['ledger', 'ledger-key-x', '$all', '']) expect(() => names.stream(id)).toThrow(RangeError);
    expect(() => new StreamNames('$x')).toThrow(RangeError);
  });
});

describe('connection string description', () => {
  it('names scheme and hosts, never credentials or options', () => {
    expect(describeConnectionString('esdb://admin:changeit@node1:2113?tls=false')).toBe('esdb://node1:2113');
    expect(describeConnectionString('esdb+discover://ops:s3cret@a:2113,b:2113,c:2113?tlsCAFile=/certs/ca.crt')).toBe('esdb+discover://a:2113,b:2113,c:2113');
    expect(describeConnectionString('esdb://localhost:2113')).toBe('esdb://localhost:2113');
    expect(describeConnectionString('user:password')).toBe('an unparseable connection string');
  });
});
