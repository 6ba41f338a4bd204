/** One run of the ledger CLI: pick the command, parse its arguments strictly, then open the ledger and run it. */
import type { INestApplicationContext, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../ledger-api/app.module.js';
import type { LedgerConfig } from '../../libs/platform/config.js';
import { DataDirLocked, lockHolder } from '../../libs/platform/data-dir-lock.js';
import { checkLedgerPresence } from '../../libs/platform/open-store.js';
import { CliUsageError, parseCommandLine, type CliCommand, type CliIo } from '../../libs/platform/cli/cli-command.js';

export function help(commands: readonly CliCommand[]): string {
  const rows = commands.map((c) => `  ${c.usage.padEnd(48)} ${c.describe}`);
  return `usage: npm run ledger -- <command> [options]\n\ncommands:\n${rows.join('\n')}\n`;
}

/**
 * Runs `argv` (the command name, then its arguments); returns the exit code. A usage mistake is found before the
 * ledger is opened, and answers 2 with the command's usage.
 */
export async function runCli(
  argv: readonly string[],
  commands: readonly CliCommand[],
  open: (command: CliCommand) => Promise<INestApplicationContext>,
  io: CliIo,
): Promise<number> {
  const [name, ...rest] = argv;
  const chosen = commands.find((c) => c.name === name);
  if (!chosen) {
    const known = name === undefined || name === 'help' || name === '--help';
    io.err.write(known ? help(commands) : `unknown command: ${name}\n\n${help(commands)}`);
    return known ? 0 : 2;
  }
  const usage = (error: CliUsageError) => {
    io.err.write(`${error.message}\nusage: npm run ledger -- ${chosen.usage}\n`);
    return 2;
  };
  let args;
  try {
    args = parseCommandLine(chosen, rest);
  } catch (error) {
    if (error instanceof CliUsageError) return usage(error);
    throw error;
  }
  const app = await open(chosen);
  try {
    return await chosen.run(app, args, io);
  } catch (error) {
    if (error instanceof CliUsageError) return usage(error);
    throw error;
  } finally {
    await app.close();
  }
}

/**
 * Opens the ledger as `command` needs it. The CLI never creates a ledger by accident (only `init`
 * may), and a command that writes holds the data directory's one-writer lock. Refusals come in one
 * line, before Nest assembles anything (it would log them with a stack).
 */
export function openLedger(command: CliCommand, config: LedgerConfig, logger: LogLevel[] | false = ['error']): Promise<INestApplicationContext> {
  const access = command.access ?? 'read';
  checkLedgerPresence(config, access === 'create');
  const holder = access === 'read' ? null : lockHolder(config.dataDir);
  if (holder) throw new DataDirLocked(config.dataDir, holder);
  return NestFactory.createApplicationContext(
    AppModule.forRoot({
      config,
      tokens: false,
      access: access === 'read' ? 'read' : 'write',
      createLedger: access === 'create',
      holder: `npm run ledger -- ${command.name}`,
    }),
    { logger, abortOnError: false },
  );
}
