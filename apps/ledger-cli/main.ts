/**
 * The auditors' and finance's command line: `npm run ledger -- <command> [args]`. Runs the same
 * modules as the API over the configured store (LEDGER_DATA_DIR, LEDGER_STORE, …), without HTTP.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../ledger-api/app.module.js';
import { CliUsageError, parseArgs } from '../../libs/platform/cli/cli-command.js';
import { loadConfig } from '../../libs/platform/config.js';
import { DataDirLocked, lockHolder } from '../../libs/platform/data-dir-lock.js';
import { checkLedgerPresence } from '../../libs/platform/open-store.js';
import { CLI_COMMANDS } from './commands.js';

function help(): string {
  const rows = CLI_COMMANDS.map((c) => `  ${c.usage.padEnd(48)} ${c.describe}`);
  return `usage: npm run ledger -- <command> [options]\n\ncommands:\n${rows.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const { command, args } = parseArgs(argv);
  const chosen = CLI_COMMANDS.find((c) => c.name === command);
  if (!chosen) {
    process.stderr.write(command && command !== 'help' ? `unknown command: ${command}\n\n${help()}` : help());
    return command && command !== 'help' ? 2 : 0;
  }
  const access = chosen.access ?? 'read';
  const config = loadConfig();
  // Refusals in one line, before Nest assembles anything (it would log them with a stack).
  checkLedgerPresence(config, access === 'create');
  const holder = access === 'read' ? null : lockHolder(config.dataDir);
  if (holder) throw new DataDirLocked(config.dataDir, holder);
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({
      config,
      tokens: false,
      access: access === 'read' ? 'read' : 'write',
      // The CLI never creates a ledger by accident: a wrong or unset LEDGER_DATA_DIR is refused, not given a new ledger.
      createLedger: access === 'create',
      holder: `npm run ledger -- ${chosen.name}`,
    }),
    // A refused start (no ledger, the directory locked) rejects with its one-line reason instead of exiting.
    { logger: ['error'], abortOnError: false },
  );
  try {
    return await chosen.run(app, args, { out: process.stdout, err: process.stderr });
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`${error.message}\nusage: npm run ledger -- ${chosen.usage}\n`);
      return 2;
    }
    throw error;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ledger: ${(error as Error)?.message ?? error}\n`);
    process.exit(1);
  },
);
