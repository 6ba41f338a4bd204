import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { verifyConsistency, verifyInclusion, type EventStore } from '../../event-store/index.js';
import { LedgerCoreModule } from '../../platform/ledger-core.module.js';
import { EVENT_STORE } from '../../platform/injection.js';
import { loadConfig } from '../../platform/config.js';
import { parseCommandLine, CliUsageError } from '../../platform/cli/cli-command.js';
import { ProjectsModule, projectsProjections } from '../../projects/index.js';
import { AuditModule } from '../audit.module.js';
import { seedLedger } from '../testing/sample-ledger.js';
import { tamperWith, tempDir } from '../testing/sqlite-ledger.js';
import { auditCliCommands } from './audit-commands.js';

@Module({})
class CliTestModule {
  static forDir(dir: string): DynamicModule {
    return {
      module: CliTestModule,
      imports: [
        CqrsModule.forRoot(),
        LedgerCoreModule.forRoot({ config: loadConfig({ LEDGER_DATA_DIR: dir }), projections: projectsProjections(), tokens: false }),
        ProjectsModule,
        AuditModule,
      ],
    };
  }
}

const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

async function open(dir = join(root, `data-${dirs++}`)): Promise<{ app: INestApplicationContext; dir: string }> {
  return { app: await NestFactory.createApplicationContext(CliTestModule.forDir(dir), { logger: false }), dir };
}

async function run(app: INestApplicationContext, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const [command, ...rest] = argv;
  const chosen = auditCliCommands.find((c) => c.name === command)!;
  const args = parseCommandLine(chosen, rest);
  const [out, err] = [new PassThrough(), new PassThrough()];
  const chunks = { out: '', err: '' };
  out.on('data', (c: Buffer) => (chunks.out += c.toString()));
  err.on('data', (c: Buffer) => (chunks.err += c.toString()));
  const code = await chosen.run(app, args, { out, err });
  return { code, ...chunks };
}

async function seeded() {
  const opened = await open();
  await seedLedger(opened.app.get<symbol, EventStore>(EVENT_STORE));
  return opened;
}

describe('audit CLI', () => {
  it('verifies, prints the digest, and checks it', async () => {
    const { app } = await seeded();
    const verified = await run(app, 'verify');
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(
      /^ok: 12 events verified\ndigest at position 12: [0-9a-f]{64}\nno signed checkpoint to check against: keep checkpoints off this system \(docs\/audit.md\)\n$/,
    );
    expect(verified.err).toMatch(/verifying \[#+\] 12\/12 100%/);
    const [position, digest] = (await run(app, 'digest', '--position', '5')).out.trim().split(' ');
    expect(position).toBe('5');
    expect(await run(app, 'check-digest', position, digest)).toMatchObject({ code: 0, out: 'ok: the ledger extends the digest at position 5\n' });
    expect(await run(app, 'check-digest', position, '0'.repeat(64))).toMatchObject({
      code: 1,
      out: expect.stringMatching(/^FAILED: the history up to position 5 differs/),
    });
    await expect(run(app, 'check-digest', position, 'xyz')).rejects.toThrow(CliUsageError);
    await expect(run(app, 'digest', '--position', '-3')).rejects.toThrow(CliUsageError);
    await app.close();
  });

  it('prints inclusion and consistency proofs that check, and refuses a size given without a number', async () => {
    const { app } = await seeded();
    const inclusion = await run(app, 'prove', '3', '--size', '10');
    expect(inclusion.code).toBe(0);
    const proof = JSON.parse(inclusion.out) as { position: number; size: number; root: string; leaf: string; path: string[]; hashAlgorithm: 'sha256' };
    expect(proof).toMatchObject({ position: 3, size: 10 });
    expect(verifyInclusion(proof.hashAlgorithm, { index: 2, size: 10, leaf: proof.leaf, path: proof.path }, proof.root)).toBe(true);
    const consistency = await run(app, 'prove-consistency', '5');
    const extension = JSON.parse(consistency.out) as { from: number; to: number; fromRoot: string; toRoot: string; path: string[]; hashAlgorithm: 'sha256' };
    expect(extension).toMatchObject({ from: 5, to: 12 });
    expect(verifyConsistency(extension.hashAlgorithm, extension, extension.fromRoot, extension.toRoot)).toBe(true);
    await expect(run(app, 'prove', '3', '--size')).rejects.toThrow(CliUsageError);
    await expect(run(app, 'prove-consistency', '5', '--size', '10')).rejects.toThrow(/prove-consistency takes --to/);
    await app.close();
  });

  it('exits 1 and names the place when the file was tampered with', async () => {
    const { app, dir } = await seeded();
    await app.close();
    tamperWith(join(dir, 'ledger.sqlite'), (db) => db.exec("UPDATE events SET actor = 'mallory' WHERE global_position = 7"));
    const reopened = await open(dir);
    const verified = await run(reopened.app, 'verify');
    expect(verified).toMatchObject({
      code: 1,
      out: expect.stringMatching(
        /^BROKEN: stream project-p1 revision 3 \(global position 7\): its content or metadata no longer match its seal\n6 events verified before it.\n/,
      ),
    });
    await reopened.app.close();
  });

  it('replays a project as of an instant as a readable timeline', async () => {
    const { app } = await seeded();
    const now = await run(app, 'replay', 'p3');
    expect(now.code).toBe(0);
    expect(now.out).toMatch(
      /^project p3 as of now\nRolling mill \(Yongfeng Steel\) · stage signed · credited to xiajin · revision 3\n\nr0 {2}2025-11-03 {2}recorded /,
    );
    expect(now.out).toMatch(/\[voided at r3\]\n/);
    expect(now.out).toMatch(/seals and chain hold for these 4 events\n$/);
    await expect(run(app, 'replay', 'p3', '--as-of', '2026-01-05')).rejects.toThrow(CliUsageError);
    await expect(run(app, 'replay', 'p3', '--as-of', '2000-01-01T00:00:00Z')).rejects.toThrow(/not yet in the ledger/);
    await app.close();
  });

  it('exports, imports into an empty ledger with the same digest, and refuses a second import', async () => {
    const source = await seeded();
    const file = join(root, 'cli-export.jsonl');
    expect((await run(source.app, 'export', file)).out).toBe(`exported 12 events to ${file}\n`);
    const digest = (await run(source.app, 'digest')).out.trim();
    await source.app.close();
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(13);

    const target = await open();
    const imported = await run(target.app, 'import', file);
    expect(imported).toMatchObject({ code: 0, out: `imported 12 events; digest at position ${digest.replace(' ', ': ')}\n` });
    expect((await run(target.app, 'verify')).out).toContain(`digest at position ${digest.replace(' ', ': ')}`);
    await expect(run(target.app, 'import', file)).rejects.toThrow(/not empty/);
    await target.app.close();
  });

  it('backs up to a new file that verifies on its own', async () => {
    const { app } = await seeded();
    const file = join(root, 'cli-backup.sqlite');
    const backedUp = await run(app, 'backup', file);
    expect(backedUp.code).toBe(0);
    expect(backedUp.out).toMatch(/^backed up to .*cli-backup\.sqlite\nok: 12 events verified\n/);
    expect(existsSync(file)).toBe(true);
    await app.close();
  });

  it('rebuilds read models and says they equal what was live', async () => {
    const { app } = await seeded();
    const all = await run(app, 'rebuild');
    expect(all.code).toBe(0);
    expect(all.out).toBe('units: equals what was live\nparks: equals what was live\nproject-status: equals what was live\n');
    expect((await run(app, 'rebuild', 'project-status')).out).toBe('project-status: equals what was live\n');
    await expect(run(app, 'rebuild', 'nope')).rejects.toThrow(/unknown read model nope; known: units, parks, project-status/);
    await app.close();
  });
});
