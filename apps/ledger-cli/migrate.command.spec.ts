import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { SqliteEventStore, type EventStore } from '../../libs/event-store/index.js';
import { seedLedger } from '../../libs/audit/testing/sample-ledger.js';
import { tempDir } from '../../libs/audit/testing/sqlite-ledger.js';
import { CliUsageError, parseCommandLine } from '../../libs/platform/cli/cli-command.js';
import { loadConfig } from '../../libs/platform/config.js';
import { EVENT_STORE } from '../../libs/platform/injection.js';
import { AppModule } from '../ledger-api/app.module.js';
import { migrateCommand } from './migrate.command.js';

const root = tempDir();
let app: INestApplicationContext;
let source: EventStore;

beforeAll(async () => {
  // The CLI's own context: every capability, no tokens, over a ledger in a temp dir.
  app = await NestFactory.createApplicationContext(AppModule.forRoot({ tokens: false, config: loadConfig({ LEDGER_DATA_DIR: join(root, 'source') }) }), {
    logger: false,
  });
  source = app.get<symbol, EventStore>(EVENT_STORE);
  await seedLedger(source);
});
afterAll(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

async function migrate(...argv: string[]): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  const code = await migrateCommand.run(app, parseCommandLine(migrateCommand, argv), { out, err: new PassThrough() });
  expect(code).toBe(0);
  return text;
}

describe('ledger migrate', () => {
  it('copies every event, seals and all, into another SQLite ledger', async () => {
    const file = join(root, 'copy.sqlite');
    const head = await source.headPosition();
    expect(await migrate('--to', 'sqlite', '--file', file)).toBe(`copied ${head} events (0 already there); both stores end at position ${head}\n`);
    const copy = new SqliteEventStore(file);
    expect(await copy.readAll(0, head + 1)).toEqual(await source.readAll(0, head + 1));
    await copy.close();
    // Run again: everything is already there and equal, nothing is written twice.
    expect(await migrate('--to', 'sqlite', '--file', file)).toBe(`copied 0 events (${head} already there); both stores end at position ${head}\n`);
  });

  it('refuses to copy the ledger onto itself and asks for a target', async () => {
    const self = (source as SqliteEventStore).file;
    await expect(migrate('--to', 'sqlite', '--file', self)).rejects.toThrow('the target is the ledger itself');
    await expect(migrate('--to', 'postgres')).rejects.toBeInstanceOf(CliUsageError);
    await expect(migrate()).rejects.toThrow('--to needs a value');
  });
});
