/**
 * The auditors' and finance's command line: `npm run ledger -- <command> [args]`. Runs the same
 * modules as the API over the configured store (LEDGER_DATA_DIR, LEDGER_STORE, …), without HTTP.
 */
import 'reflect-metadata';
import { loadConfig } from '../../libs/platform/config.js';
import { openLedger, runCli } from './cli.js';
import { CLI_COMMANDS } from './commands.js';

runCli(process.argv.slice(2), CLI_COMMANDS, (command) => openLedger(command, loadConfig()), { out: process.stdout, err: process.stderr }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ledger: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
