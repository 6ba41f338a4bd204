import { PassThrough } from 'node:stream';
import type { INestApplicationContext } from '@nestjs/common';
import { closestOption, type CliCommand } from '../../libs/platform/cli/cli-command.js';
import { runCli } from './cli.js';
import { CLI_COMMANDS } from './commands.js';

const echo: CliCommand = {
  name: 'echo',
  usage: 'echo <word> [--loud] [--times N]',
  describe: 'a command for the parser test',
  options: { loud: 'flag', times: 'string' },
  positionals: 1,
  async run(_app, args, io) {
    io.out.write(JSON.stringify(args));
    return 0;
  },
};

async function cli(...argv: string[]) {
  const [out, err] = [new PassThrough(), new PassThrough()];
  const text = { out: '', err: '' };
  out.on('data', (c: Buffer) => (text.out += c.toString()));
  err.on('data', (c: Buffer) => (text.err += c.toString()));
  let opened = 0;
  const app = { close: async () => undefined } as INestApplicationContext;
  const open = async () => {
    opened++;
    return app;
  };
  const code = await runCli(argv, [...CLI_COMMANDS, echo], open, { out, err });
  return { code, opened, ...text };
}

describe('the CLI parses strictly', () => {
  it.each([
    [['promotion-bans', '--format', 'csv', '--activeOn', '2030-01-01'], 'unknown option --activeOn; did you mean --active-on?'],
    [['promotion-bans', '--format', 'csv', '--active_on=2030-01-01'], 'unknown option --active_on; did you mean --active-on?'],
    [['stalled-projects', '--format', 'csv', '--asOf', '2026-11-26'], 'unknown option --asOf; did you mean --as-of?'],
    [['statements', '2026-H1', '--fromat', 'csv'], 'unknown option --fromat; did you mean --format?'],
    [['replay', 'p1', '--when', '2026-01-01T00:00:00Z'], 'unknown option --when; replay takes --as-of'],
    [['demo', '--force'], 'unknown option --force; demo takes no options'],
    [['verify', 'extra'], 'unexpected argument extra'],
    [['promotion-bans', '--format'], '--format needs a value'],
    [['echo', 'hi', '--loud=yes'], '--loud takes no value'],
    [['digest', '--position', '-3'], '--position needs a value'],
  ])('%j is refused before the ledger is opened', async (argv, message) => {
    const result = await cli(...argv);
    expect(result).toMatchObject({ code: 2, opened: 0, out: '' });
    expect(result.err.split('\n')[0]).toContain(message);
    expect(result.err).toContain(`usage: npm run ledger -- ${CLI_COMMANDS.concat(echo).find((c) => c.name === argv[0])!.usage}`);
  });

  it('passes what it parsed to the command', async () => {
    const result = await cli('echo', 'hi', '--loud', '--times', '3');
    expect(result).toMatchObject({ code: 0, opened: 1 });
    expect(JSON.parse(result.out)).toEqual({ positional: ['hi'], options: { loud: true, times: '3' } });
    expect(JSON.parse((await cli('echo', '--times=-1')).out)).toEqual({ positional: [], options: { times: '-1' } });
  });

  it('lists the commands for help, and refuses an unknown one', async () => {
    expect(await cli()).toMatchObject({ code: 0, opened: 0 });
    expect((await cli('help')).err).toContain('promotion-bans --format csv|xlsx');
    const unknown = await cli('verfiy');
    expect(unknown).toMatchObject({ code: 2, opened: 0 });
    expect(unknown.err).toMatch(/^unknown command: verfiy\n/);
  });

  it('every command declares the options its usage line shows', () => {
    for (const command of CLI_COMMANDS) {
      const shown = [...command.usage.matchAll(/--([a-z-]+)/g)].map((m) => m[1]);
      expect([command.name, [...new Set(shown)].sort()]).toEqual([command.name, Object.keys(command.options ?? {}).sort()]);
    }
  });
});

describe('closestOption', () => {
  it.each([
    ['activeOn', 'active-on'],
    ['ACTIVE-ON', 'active-on'],
    ['activ-on', 'active-on'],
    ['lnag', 'lang'],
    ['output', undefined],
    ['x', undefined],
  ])('%s → %s', (unknown, near) => {
    expect(closestOption(unknown, ['format', 'lang', 'active-on', 'out'])).toBe(near);
  });
});
