/**
 * `npm run ledger -- init`: the one explicit way, besides the server's first start, to create a
 * ledger. Every other command refuses a data directory without one, so a mistyped LEDGER_DATA_DIR
 * never yields "ok: 0 events" over a brand-new empty ledger.
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { EventStore } from '../../libs/event-store/index.js';
import type { CliCommand } from '../../libs/platform/cli/cli-command.js';
import type { LedgerConfig } from '../../libs/platform/config.js';
import { EVENT_STORE, LEDGER_CONFIG } from '../../libs/platform/injection.js';

export const initCommand: CliCommand = {
  name: 'init',
  usage: 'init',
  describe: 'create a ledger in LEDGER_DATA_DIR (empty directories only; refused beside read models of a lost ledger)',
  access: 'create',
  async run(app: INestApplicationContext, _args, io) {
    const store = app.get<symbol, EventStore>(EVENT_STORE);
    const config = app.get<symbol, LedgerConfig>(LEDGER_CONFIG);
    io.out.write(`ledger ready in ${config.dataDir} (${store.kind} store, ${await store.headPosition()} events)\n`);
    return 0;
  },
};
