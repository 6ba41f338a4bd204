/**
 * Tampering with the SQLite file directly, with the append-only triggers dropped: each edit must make
 * verify fail at the place it was made. The sample ledger's global order is
 * 1 p1r0, 2 p2r0, 3 p1r1, 4 p1r2, 5 p2r1, 6 p3r0, 7 p1r3, 8 p2r2, 9 p3r1, 10 p3r2, 11 p3r3, 12 p1r4.
 */
import { rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store.js';
import type { EventRow } from '../../event-store/sqlite/schema.js';
import { sealOf } from '../../event-store/seal.js';
import type { BrokenEvent } from '../domain/ledger-check.js';
import { seededSqlite, tamperWith, tempDir } from '../testing/sqlite-ledger.js';
import { verifyLedger } from './ledger-audit.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function verifyAfter(edit: (db: Database.Database) => void) {
  const store = await seededSqlite(dir);
  await store.close();
  tamperWith(store.file, edit);
  const reopened = new SqliteEventStore(store.file);
  try {
    return await verifyLedger(reopened, { batchSize: 4 });
  } finally {
    await reopened.close();
  }
}

/** Moves rows to other global positions without colliding on the primary key. */
function movePositions(db: Database.Database, moves: [from: number, to: number][]): void {
  const move = db.prepare('UPDATE events SET global_position = ? WHERE global_position = ?');
  for (const [from] of moves) move.run(-from, from);
  for (const [from, to] of moves) move.run(to, -from);
}

describe('verify over a tampered SQLite file', () => {
  it('passes the untouched ledger', async () => {
    const result = await verifyAfter(() => {});
    expect(result).toMatchObject({ ok: true, eventsChecked: 12, firstBroken: null, position: 12 });
  });

  const cases: [what: string, edit: (db: Database.Database) => void, broken: BrokenEvent][] = [
    [
      'a byte of an event data changed',
      (db) => db.exec("UPDATE events SET data = replace(data, 'BOC-0001', 'BOC-0007') WHERE global_position = 4"),
      { streamId: 'project-p1', revision: 2, globalPosition: 4, reason: 'its content or metadata no longer match its seal' },
    ],
    [
      'a byte of an event data changed so it is no longer JSON',
      (db) => db.exec("UPDATE events SET data = '[' || substr(data, 2) WHERE global_position = 4"),
      { streamId: null, revision: null, globalPosition: 4, reason: expect.stringMatching(/^the event after global position 3 cannot be read/) },
    ],
    [
      'its metadata changed (who recorded it)',
      (db) => db.exec("UPDATE events SET actor = 'mallory', role = 'assessor' WHERE global_position = 7"),
      { streamId: 'project-p1', revision: 3, globalPosition: 7, reason: 'its content or metadata no longer match its seal' },
    ],
    [
      'its metadata changed (business date)',
      (db) => db.exec("UPDATE events SET occurred_on = '2025-12-31' WHERE global_position = 9"),
      { streamId: 'project-p3', revision: 1, globalPosition: 9, reason: 'its content or metadata no longer match its seal' },
    ],
    [
      'an event deleted',
      (db) => db.exec('DELETE FROM events WHERE global_position = 5'),
      { streamId: 'project-p3', revision: 0, globalPosition: 6, reason: 'global position 5 is missing before this event: events were deleted or moved' },
    ],
    [
      'an event deleted and the later positions closed up',
      (db) => {
        db.exec('DELETE FROM events WHERE global_position = 5');
        movePositions(
          db,
          [6, 7, 8, 9, 10, 11, 12].map((p) => [p, p - 1]),
        );
      },
      // Positions are sealed, so the first event moved into the gap gives the deletion away.
      { streamId: 'project-p3', revision: 0, globalPosition: 5, reason: 'its content or metadata no longer match its seal' },
    ],
    [
      'an event inserted mid-ledger, correctly sealed, later positions moved up',
      (db) => {
        movePositions(
          db,
          [12, 11, 10, 9].map((p) => [p, p + 1]),
        );
        const last = db.prepare<[], EventRow>("SELECT * FROM events WHERE stream_id = 'project-p2' ORDER BY revision DESC LIMIT 1").get()!;
        const forged = {
          eventId: 'forged-1',
          streamId: 'project-p2',
          revision: last.revision + 1,
          globalPosition: 9,
          type: 'ReferrerAssigned',
          data: { referrer: { referrerId: 'r-mallory', name: 'Mallory', kind: 'person' }, assignedOn: '2026-01-03' },
          occurredOn: '2026-01-03',
          recordedAt: last.recorded_at,
          actor: 'wang.fang',
          role: 'assessor',
          idempotencyKey: null,
          schemaVersion: 1,
          previousHash: last.hash,
        };
        db.prepare(
          `INSERT INTO events VALUES (@globalPosition, @eventId, @streamId, @revision, @type, @data, @occurredOn, @recordedAt,
             @actor, @role, @idempotencyKey, @schemaVersion, @previousHash, @hash)`,
        ).run({ ...forged, data: JSON.stringify(forged.data), hash: sealOf(forged) });
      },
      // The forgery itself holds; the event it pushed along carries its old position in its seal.
      { streamId: 'project-p3', revision: 1, globalPosition: 10, reason: 'its content or metadata no longer match its seal' },
    ],
    [
      'an event inserted with a made-up seal',
      (db) => {
        const row = db.prepare<[], EventRow>('SELECT * FROM events WHERE global_position = 12').get()!;
        db.prepare('INSERT INTO events VALUES (13, ?, ?, 5, ?, ?, ?, ?, ?, ?, NULL, 1, ?, ?)').run(
          'forged-2',
          row.stream_id,
          row.type,
          row.data,
          row.occurred_on,
          row.recorded_at,
          row.actor,
          row.role,
          row.hash,
          'f'.repeat(64),
        );
      },
      { streamId: 'project-p1', revision: 5, globalPosition: 13, reason: 'its content or metadata no longer match its seal' },
    ],
    [
      'two events swapped',
      (db) =>
        movePositions(db, [
          [3, 8],
          [8, 3],
        ]),
      { streamId: 'project-p2', revision: 2, globalPosition: 3, reason: 'revision 2 follows revision 0 in its stream: an event is missing or out of order' },
    ],
    [
      'two events of one stream swapped, revisions and positions too',
      (db) => {
        db.exec("UPDATE events SET revision = -1 WHERE stream_id = 'project-p1' AND revision = 1");
        db.exec("UPDATE events SET revision = 1 WHERE stream_id = 'project-p1' AND revision = 2");
        db.exec("UPDATE events SET revision = 2 WHERE stream_id = 'project-p1' AND revision = -1");
        movePositions(db, [
          [3, 4],
          [4, 3],
        ]);
      },
      { streamId: 'project-p1', revision: 1, globalPosition: 3, reason: "its previousHash is not the seal of revision 0: the stream's chain is broken" },
    ],
  ];

  it.each(cases)('fails at the place of %s', async (_, edit, broken) => {
    const result = await verifyAfter(edit);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual(broken);
    expect(result.position).toBeLessThan(broken.globalPosition);
  });
});
