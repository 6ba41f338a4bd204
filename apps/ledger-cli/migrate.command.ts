/**
 * `npm run ledger -- migrate --to esdb --connection <esdb://…>` or `--to sqlite --file <path>`: copies
 * the configured ledger, event for event with seals intact, into another store and compares the copy.
 */
import { resolve } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { SqliteEventStore, type EventStore } from '../../libs/event-store/index.js';
import { EVENT_STORE } from '../../libs/platform/injection.js';
import { CliUsageError, option, type CliArgs, type CliCommand, type CliIo } from '../../libs/platform/cli/cli-command.js';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  access: 'write',
  usage: 'migrate --to esdb --connection <esdb://host:2113?tls=false> | --to sqlite --file <path>',
  describe: 'copy this ledger into another store (seals intact) and compare the copy',
  options: { to: 'string', connection: 'string', file: 'string' },
  async run(app: INestApplicationContext, args: CliArgs, io: CliIo): Promise<number> {
    const kind = option(args, 'to', ['esdb', 'sqlite']);
    const source = app.get<EventStore>(EVENT_STORE);
    const file = kind === 'sqlite' ? resolve(option(args, 'file')) : null;
    if (file !== null && source instanceof SqliteEventStore && resolve(source.file) === file) {
      throw new CliUsageError('the target is the ledger itself');
    }
    const { copyLedger, openEsdbEventStore } = await import('../../libs/event-store/esdb/index.js');
    const target = file === null ? await openEsdbEventStore(option(args, 'connection')) : new SqliteEventStore(file);
    try {
      const report = await copyLedger(source, target);
      io.out.write(`copied ${report.copied} events (${report.alreadyThere} already there); both stores end at position ${report.head}\n`);
      return 0;
    } finally {
      await target.close();
    }
  },
};
