/**
 * The auditors' and finance's command line: `npm run ledger -- <command> [args]`. Runs the same
 * modules as the API over the configured store (LEDGER_DATA_DIR, LEDGER_STORE, …), without HTTP.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../ledger-api/app.module.js';
import { runCli } from './cli.js';
import { CLI_COMMANDS } from './commands.js';

const open = () => NestFactory.createApplicationContext(AppModule.forRoot({ tokens: false }), { logger: ['error'] });

runCli(process.argv.slice(2), CLI_COMMANDS, open, { out: process.stdout, err: process.stderr }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ledger: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
