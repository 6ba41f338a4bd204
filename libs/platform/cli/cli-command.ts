/**
 * The ledger CLI's command contract. Each capability exports its commands; apps/ledger-cli collects
 * them. Commands run inside a Nest application context over the same modules as the API.
 */
import type { INestApplicationContext } from '@nestjs/common';

export interface CliArgs {
  /** Positional arguments after the command name. */
  positional: string[];
  /** `--name value` and `--flag` (true) options. */
  options: Record<string, string | true>;
}

export interface CliIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

export interface CliCommand {
  name: string;
  usage: string;
  describe: string;
  /**
   * `read` (the default) works beside a running server and needs an existing ledger; `write` also
   * takes the data directory's one-writer lock (refused while a server or another writer runs);
   * `create` is `write` that may create the ledger in an empty data directory (`init` only).
   */
  access?: 'read' | 'write' | 'create';
  /** Returns the process exit code. */
  run(app: INestApplicationContext, args: CliArgs, io: CliIo): Promise<number>;
}

export function parseArgs(argv: string[]): { command: string | undefined; args: CliArgs } {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2);
      if (inline !== undefined) options[name] = inline;
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) options[name] = argv[++i];
      else options[name] = true;
    } else positional.push(arg);
  }
  return { command: argv[0], args: { positional, options } };
}

export class CliUsageError extends Error {}

export function option(args: CliArgs, name: string, allowed?: readonly string[], fallback?: string): string {
  const value = args.options[name] ?? fallback;
  if (value === undefined || value === true) throw new CliUsageError(`--${name} needs a value`);
  if (allowed && !allowed.includes(value)) throw new CliUsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return value;
}
