import Database from 'better-sqlite3';
import { MemoryEventStore, narrow } from '../../event-store/index.js';
import { Projector } from '../../projector/index.js';
import { SystemClock } from '../clock.js';
import { StreamWriter } from './stream-writer.js';

type Counter = { type: 'Added'; data: { by: number } };
const isCounter = narrow<Counter>(['Added']);
const add = (total: number, e: Counter): number => total + e.data.by;

async function writerOver(types: string[]): Promise<StreamWriter> {
  const store = new MemoryEventStore();
  for (const [i, type] of types.entries()) {
    await store.append('counter-1', [{ type, data: { by: i + 1 }, occurredOn: '2025-01-01', actor: 'test', role: 'admin' }], { expectedRevision: 'any' });
  }
  return new StreamWriter(store, new Projector(store, new Database(':memory:'), []), new SystemClock('Asia/Shanghai'));
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
