/**
 * Every `npm run ledger -- …` line of the README's command-line section runs as written, in order, against a demo
 * ledger in a temporary directory (which stands for the package root, where npm runs the script). `<…>` placeholders
 * are filled in from what the lines before printed: the demo's "try" lines, the digest.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { NestFactory } from '@nestjs/core';
import { tempDir } from '../../libs/audit/testing/sqlite-ledger.js';
import { loadConfig } from '../../libs/platform/config.js';
import { AppModule } from '../ledger-api/app.module.js';
import { runCli } from './cli.js';
import { CLI_COMMANDS } from './commands.js';

interface Step {
  env: Record<string, string>;
  argv: string[];
}

/** The README's CLI lines, each cut into its `&&`-joined commands, with `VAR=value` prefixes and quotes as bash reads them. */
export function readmeCliLines(readme: string): { line: string; steps: Step[] }[] {
  const section = readme.slice(readme.indexOf('## The command line'));
  const block = section.slice(section.indexOf('```bash') + 7, section.indexOf('```', section.indexOf('```bash') + 7));
  return block
    .split('\n')
    .filter((line) => line.includes('npm run ledger'))
    .map((line) => ({ line, steps: splitShell(line) }));
}

function splitShell(line: string): Step[] {
  const words: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(#.*$)|(&&)|([^\s'"]+)/g)) {
    if (m[3] !== undefined) break;
    words.push(m[1] ?? m[2] ?? m[4] ?? m[5]);
  }
  const steps: Step[] = [];
  let current: string[] = [];
  for (const w of [...words, '&&']) {
    if (w !== '&&') {
      current.push(w);
      continue;
    }
    const at = current.indexOf('npm');
    const env = Object.fromEntries(current.slice(0, at).map((a) => a.split('=', 2) as [string, string]));
    expect(current.slice(at, at + 4)).toEqual(['npm', 'run', 'ledger', '--']);
    steps.push({ env, argv: current.slice(at + 4) });
    current = [];
  }
  return steps;
}

const root = tempDir();
const home = process.cwd();
beforeAll(() => process.chdir(root));
afterAll(() => {
  process.chdir(home);
  rmSync(root, { recursive: true, force: true });
});

async function run(step: Step): Promise<{ code: number; out: string; err: string }> {
  const [out, err] = [new PassThrough(), new PassThrough()];
  const text = { out: '', err: '' };
  out.on('data', (c: Buffer) => (text.out += c.toString()));
  err.on('data', (c: Buffer) => (text.err += c.toString()));
  const config = loadConfig({ ...process.env, LEDGER_DATA_DIR: './data', ...step.env });
  const open = () => NestFactory.createApplicationContext(AppModule.forRoot({ tokens: false, config }), { logger: false });
  const code = await runCli(step.argv, CLI_COMMANDS, open, { out, err });
  return { code, ...text };
}

describe('the README command lines', () => {
  const lines = readmeCliLines(readFileSync(join(home, 'README.md'), 'utf8'));

  it('are there to run', () => {
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(lines[0].steps[0].argv).toEqual(['init']);
    expect(lines[1].steps[0].argv).toEqual(['demo']);
  });

  it('each run as written on a demo ledger, in order', async () => {
    const filled: Record<string, string> = {};
    for (const { line, steps } of lines) {
      for (const step of steps) {
        const argv = step.argv.map((a) => {
          const placeholder = /^<(\w+)>$/.exec(a)?.[1];
          if (placeholder === undefined) return a;
          if (filled[placeholder] === undefined) throw new Error(`nothing printed before "${line}" fills <${placeholder}>`);
          return filled[placeholder];
        });
        const result = await run({ ...step, argv });
        if (result.code !== 0) throw new Error(`"${line}" exited ${result.code}: ${result.err}${result.out}`);
        const tryReplay = /replay (\S+) --as-of (\S+)/.exec(result.out);
        if (tryReplay) Object.assign(filled, { projectId: tryReplay[1], instant: tryReplay[2] });
        const digest = /^(\d+) ([0-9a-f]{64})$/m.exec(result.out);
        if (argv[0] === 'digest' && digest) Object.assign(filled, { position: digest[1], digest: digest[2] });
        if (argv[0] === 'replay') expect(result.out).toMatch(/· stage \w+ ·/);
        if (argv[0] === 'check-digest') expect(result.out).toMatch(/^ok: /);
      }
    }
    expect(Object.keys(filled).sort()).toEqual(['digest', 'instant', 'position', 'projectId']);
    for (const file of ['statements.xlsx', 'ranking.xlsx', 'ledger.jsonl', 'backup.sqlite', 'copy.sqlite', 'copy']) expect(existsSync(join(root, file))).toBe(true);
  });
});
