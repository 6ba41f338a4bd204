/**
 * The ledger CLI's command contract. Each capability exports its commands; apps/ledger-cli collects
 * them. Commands run inside a Nest application context over the same modules as the API.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import leven from 'leven';
import type { ExportFile } from '../export/files.js';

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
  /** The long options it takes, without `--`: a string option needs a value, a flag takes none. Any other is refused. */
  options?: Readonly<Record<string, 'string' | 'flag'>>;
  /** How many positional arguments it takes at most (none by default). */
  positionals?: number;
  /** Returns the process exit code. */
  run(app: INestApplicationContext, args: CliArgs, io: CliIo): Promise<number>;
}

export class CliUsageError extends Error {}

/** The known option closest to an unknown one: the same letters in another case or spelling (`activeOn`), or a typo. */
export function closestOption(unknown: string, known: readonly string[]): string | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const same = known.find((k) => squash(k) === squash(unknown));
  if (same) return same;
  const scored = known.map((k) => ({ k, d: leven(unknown.toLowerCase(), k) })).sort((a, b) => a.d - b.d);
  return scored.length > 0 && scored[0].d <= Math.max(2, Math.floor(unknown.length / 3)) ? scored[0].k : undefined;
}

/**
 * A command's arguments (after its name), parsed strictly: an option the command does not take, a value missing
 * after a string option, a value given to a flag, or a positional argument too many is a usage error, with a hint.
 */
export function parseCommandLine(command: CliCommand, argv: readonly string[]): CliArgs {
  const declared = command.options ?? {};
  const known = Object.keys(declared);
  const options = Object.fromEntries(known.map((name) => [name, { type: declared[name] === 'flag' ? ('boolean' as const) : ('string' as const) }]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const given = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const near = closestOption(given.replace(/^--?/, ''), known);
      const takes = known.length > 0 ? `${command.name} takes ${known.map((k) => `--${k}`).join(', ')}` : `${command.name} takes no options`;
      throw new CliUsageError(`unknown option ${given}; ${near ? `did you mean --${near}?` : takes}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new CliUsageError(declared[given.slice(2)] === 'flag' ? `${given} takes no value` : `${given} needs a value (one starting with - goes as ${given}=-…)`);
    }
    throw error;
  }
  const positional = parsed.positionals;
  const most = command.positionals ?? 0;
  if (positional.length > most) throw new CliUsageError(`unexpected argument ${positional[most]}`);
  const values: Record<string, string | true> = {};
  for (const [name, value] of Object.entries(parsed.values)) if (value !== undefined && value !== false) values[name] = value as string | true;
  return { positional, options: values };
}

export function option(args: CliArgs, name: string, allowed?: readonly string[], fallback?: string): string {
  const value = args.options[name] ?? fallback;
  if (value === undefined || value === true) throw new CliUsageError(`--${name} needs a value`);
  if (allowed && !allowed.includes(value)) throw new CliUsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return value;
}

/** An optional option's value, or undefined when absent. */
export function optional(args: CliArgs, name: string): string | undefined {
  return args.options[name] === undefined ? undefined : option(args, name);
}

/** An export to `--out FILE`, or (CSV only) to standard output. */
export function deliver(file: ExportFile, out: string | undefined, io: CliIo): number {
  if (out === undefined) io.out.write(file.body);
  else {
    writeFileSync(out, file.body);
    io.err.write(`wrote ${out}\n`);
  }
  return 0;
}
