/**
 * The project-status read model applied a batch at a time (rebuild, catch-up) equals the same events
 * applied one at a time (live writes), including several projects interleaved in one batch.
 */
import Database from 'better-sqlite3';
import { MemoryEventStore, type NewEvent } from '../../event-store/index.js';
import { Projector } from '../../projector/index.js';
import { ProjectStatusProjection } from './project-status.projection.js';

const cny = (amount: string) => ({ amount, currency: 'CNY', cny: amount });
const event = (type: string, data: NewEvent['data'], occurredOn: string): NewEvent => ({ type, data, occurredOn, actor: 'test', role: 'recorder' });

function life(projectId: string): NewEvent[] {
  return [
    event(
      'LeadRegistered',
      {
        projectId,
        name: `項目 ${projectId}`,
        investor: 'acme',
        origin: 'domestic',
        sector: 'secondary',
        plannedInvestment: cny('1000000.00'),
        unitId: 'xiajin',
        parkId: null,
        referrer: null,
        leadOn: '2024-01-05',
        distinctFrom: null,
      },
      '2024-01-05',
    ),
    event('ProjectSigned', { kind: 'contract', committedInvestment: cny('900000.00'), signedOn: '2024-02-01' }, '2024-02-01'),
    event('FundingArrived', { amount: cny('1000.00'), bankReference: `B-${projectId}`, arrivedOn: '2024-03-01' }, '2024-03-01'),
    event('GroundBroken', { brokeGroundOn: '2024-04-01' }, '2024-04-01'),
    event('ProjectCompleted', { completedOn: '2024-09-01' }, '2024-09-01'),
    event('ProductionStarted', { startedOn: '2024-10-01' }, '2024-10-01'),
    ...['2024-10', '2024-11', '2024-12'].map((m) =>
      event('TaxPaid', { amount: cny('12.34'), taxMonth: m, paymentReference: `T-${projectId}-${m}`, paidOn: `${m}-20` }, `${m}-20`),
    ),
  ];
}

it('gives the same rows whether the events come one a batch or all in one', async () => {
  const store = new MemoryEventStore();
  const lives = ['a', 'b', 'c'].map(life);
  // Interleaved: a project's next event follows other projects' events, as in a live ledger.
  for (let i = 0; i < lives[0].length; i++) {
    for (const [p, events] of lives.entries()) await store.append(`project-${'abc'[p]}`, [events[i]], { expectedRevision: i - 1 });
  }
  // Each project's first tax payment voided, after the other projects' events.
  for (const p of 'abc') {
    const stream = await store.readStream(`project-${p}`);
    const tax = stream.find((e) => e.type === 'TaxPaid')!;
    const on = '2025-01-02';
    await store.append(`project-${p}`, [event('FactVoided', { voidedEventId: tax.eventId, voidedType: 'TaxPaid', reason: '更正', on }, on)], {
      expectedRevision: stream.length - 1,
    });
  }
  const oneByOne = new Projector(store, new Database(':memory:'), [new ProjectStatusProjection()], { batchSize: 1 });
  const allAtOnce = new Projector(store, new Database(':memory:'), [new ProjectStatusProjection()], { batchSize: 1000 });
  await oneByOne.catchUp();
  await allAtOnce.catchUp();
  expect(allAtOnce.dump('project-status')).toEqual(oneByOne.dump('project-status'));
  expect(oneByOne.dump('project-status').project_status).toHaveLength(3);
  expect(JSON.stringify(oneByOne.dump('project-status'))).toContain('in_production');
  expect(oneByOne.dump('project-status').project_facts.filter((f) => (f as { voided: number }).voided === 1)).toHaveLength(3);
  const states = allAtOnce.dump('project-status').project_status.map((r) => JSON.parse((r as { state: string }).state) as { live: object });
  expect(states.map((s) => s.live)).toEqual(Array(3).fill({ FundingArrived: '1000.00', TaxPaid: '24.68', FixedAssetsVerified: '0.00' }));
});

it('folds on from the row, not from a state it wrote in a batch that was rolled back', async () => {
  const store = new MemoryEventStore();
  const events = life('a');
  for (const [i, e] of events.entries()) await store.append('project-a', [e], { expectedRevision: i - 1 });
  const stored = await store.readAll(0, 100);
  const db = new Database(':memory:');
  const projection = new ProjectStatusProjection();
  projection.setup(db);
  projection.applyBatch(stored.slice(0, 6), db);
  // The tax batch is written, then the transaction around it fails and rolls back.
  db.exec('BEGIN');
  projection.applyBatch(stored.slice(6), db);
  db.exec('ROLLBACK');
  projection.applyBatch(stored.slice(6), db);

  const reference = new Database(':memory:');
  projection.setup(reference);
  projection.applyBatch(stored, reference);
  const rows = (d: Database.Database) => [d.prepare('SELECT * FROM project_status').all(), d.prepare('SELECT * FROM project_facts ORDER BY event_id').all()];
  expect(rows(db)).toEqual(rows(reference));
  expect(rows(db)[1]).toHaveLength(4);
  expect(JSON.parse((rows(db)[0][0] as { state: string }).state)).toMatchObject({ live: { FundingArrived: '1000.00', TaxPaid: '37.02' } });
});
