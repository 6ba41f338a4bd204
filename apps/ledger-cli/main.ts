/**
 * The auditors' and finance's command line: `npm run ledger -- <command> [args]`. Runs the same
 * modules as the API over the configured store (LEDGER_DATA_DIR, LEDGER_STORE, …), without HTTP.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../ledger-api/app.module.js';
import { loadConfig } from '../../libs/platform/config.js';
import { DataDirLocked, lockHolder } from '../../libs/platform/data-dir-lock.js';
import { checkLedgerPresence } from '../../libs/platform/open-store.js';
import type { CliCommand } from '../../libs/platform/cli/cli-command.js';
import { runCli } from './cli.js';
import { CLI_COMMANDS } from './commands.js';

/**
 * Opens the ledger as `command` needs it. The CLI never creates a ledger by accident (only `init`
 * may), and a command that writes holds the data directory's one-writer lock. Refusals come in one
 * line, before Nest assembles anything (it would log them with a stack).
 */
function open(command: CliCommand) {
  const access = command.access ?? 'read';
  const config = loadConfig();
  checkLedgerPresence(config, access === 'create');
  const holder = access === 'read' ? null : lockHolder(config.dataDir);
  if (holder) throw new DataDirLocked(config.dataDir, holder);
  return NestFactory.createApplicationContext(
    AppModule.forRoot({ config, tokens: false, access: access === 'read' ? 'read' : 'write', createLedger: access === 'create', holder: `npm run ledger -- ${command.name}` }),
    { logger: ['error'], abortOnError: false },
  );
}

runCli(process.argv.slice(2), CLI_COMMANDS, open, { out: process.stdout, err: process.stderr }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ledger: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
