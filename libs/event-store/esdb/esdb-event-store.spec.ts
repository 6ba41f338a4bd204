/**
 * Without a server (dev machines, CI) only the startup checks run. With ESDB_CONNECTION_STRING set
 * (`npm run test:esdb`, see docs/esdb.md) the shared store contract and the ESDB specifics run too,
 * each store in its own namespace so runs never see each other's events.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract, sampleEvent } from '../contract/event-store-contract.js';
import { NO_STREAM, WrongExpectedRevision } from '../port.js';
import { SqliteEventStore } from '../sqlite/sqlite-event-store.js';
import { EsdbOpenError, openEsdbEventStore, type EsdbEventStoreOptions } from './esdb-event-store.js';
import { copyLedger } from './migrate.js';

/** A port nothing listens on: bound once by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('openEsdbEventStore at startup', () => {
  it('fails fast naming the host, not the credentials, when nothing answers', async () => {
    const port = await closedPort();
    const started = Date.now();
    const opening = openEsdbEventStore(`esdb://admin:changeit@127.0.0.1:${port}?tls=false`);
    await expect(opening).rejects.toBeInstanceOf(EsdbOpenError);
    const message = await opening.catch((error: Error) => error.message);
    expect(message).toContain(`EventStoreDB at esdb://127.0.0.1:${port} cannot be reached`);
    expect(message).toContain('ESDB_CONNECTION_STRING');
    expect(message).not.toContain('changeit');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses a malformed connection string without echoing it', async () => {
    const opening = openEsdbEventStore('http://admin:s3cret@node1:2113');
    await expect(opening).rejects.toThrow(/ESDB_CONNECTION_STRING \(http:\/\/node1:2113\) is not a valid EventStoreDB connection string/);
    await expect(opening).rejects.not.toThrow(/s3cret/);
  });
});

const connectionString = process.env.ESDB_CONNECTION_STRING;
if (connectionString) {
  const options = (namespace = `t${randomUUID().slice(0, 8)}-`): EsdbEventStoreOptions => ({ namespace });
  eventStoreContract('esdb', () => openEsdbEventStore(connectionString, options()));

  describe('EsdbEventStore on a live server', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-esdb-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('lets exactly one of two replicas win the same revision, and tells each about the other', async () => {
      const shared = options();
      const [a, b] = await Promise.all([openEsdbEventStore(connectionString, shared), openEsdbEventStore(connectionString, shared)]);
      await a.append('project-p1', [sampleEvent(0)], { expectedRevision: NO_STREAM });
      const seenByB: number[] = [];
      b.onAppended((p) => seenByB.push(p));
      const results = await Promise.allSettled([
        a.append('project-p1', [sampleEvent(1)], { expectedRevision: 0 }),
        b.append('project-p1', [sampleEvent(2)], { expectedRevision: 0 }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevision);
      await a.append('project-p2', [sampleEvent(3)], { expectedRevision: NO_STREAM });
      for (let i = 0; i < 100 && !seenByB.includes(3); i++) await new Promise((r) => setTimeout(r, 20));
      expect(seenByB).toContain(3);
      expect((await b.readAll(0, 10)).map((e) => e.globalPosition)).toEqual([1, 2, 3]);
      await Promise.all([a.close(), b.close()]);
    });

    it('copies a SQLite ledger into EventStoreDB and back with every seal intact', async () => {
      const original = new SqliteEventStore(join(dir, 'original.sqlite'));
      await original.append('project-p1', [sampleEvent(1), sampleEvent(2)], { expectedRevision: NO_STREAM });
      await original.append('project-p2', [sampleEvent(3)], { expectedRevision: NO_STREAM, idempotency: { key: 'k', requestHash: 'h' } });
      await original.append('project-p1', [sampleEvent(4)], { expectedRevision: 1 });
      const esdb = await openEsdbEventStore(connectionString, options());
      expect(await copyLedger(original, esdb, { batchSize: 2 })).toMatchObject({ copied: 4, head: 4 });
      expect(await esdb.readStream('project-p1')).toEqual(await original.readStream('project-p1'));
      // An imported key is remembered, but its request is not: a retry is refused rather than answered wrongly.
      expect(await esdb.findIdempotent('k')).toMatchObject({ requestHash: '' });
      const back = new SqliteEventStore(join(dir, 'back.sqlite'));
      expect(await copyLedger(esdb, back)).toMatchObject({ copied: 4, head: 4 });
      expect(await back.readAll(0, 10)).toEqual(await original.readAll(0, 10));
      await Promise.all([original.close(), esdb.close(), back.close()]);
    });
  });
}
