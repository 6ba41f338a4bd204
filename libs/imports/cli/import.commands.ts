import { readFileSync, writeFileSync } from 'node:fs';
import { HEADER_LANGUAGES, type HeaderLanguage } from '../../platform/export/sheet.js';
import { CliUsageError, option, type CliCommand } from '../../platform/cli/cli-command.js';
import { ProgressBar } from '../../platform/cli/progress.js';
import type { Principal } from '../../platform/tokens.js';
import { Importer, ImportRefused, type ImportReport } from '../application/importer.js';
import { templateFile } from '../application/workbook.js';
import { IMPORT_KINDS, type ImportKind } from '../domain/templates.js';

function kindArg(value: string | undefined): ImportKind {
  if (value === undefined || !(IMPORT_KINDS as readonly string[]).includes(value))
    throw new CliUsageError(`the kind must be one of ${IMPORT_KINDS.join(', ')}`);
  return value as ImportKind;
}

function summary(report: ImportReport): string {
  const lines = [
    `${report.committed ? '已导入' : '试导入'}：${report.rows} 行；新增 ${report.counts.record} 行，此前已导入 ${report.counts.replay} 行，跳过 ${report.counts.skip} 行；${report.committed ? '记录' : '将记录'} ${report.events} 个事件`,
    ...report.problems.map((p) => `  第 ${p.row} 行${p.column ? ` ${p.column}` : ''}：${p.message}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** `import-template ledger|tax`: the template to fill in. */
export const importTemplateCommand: CliCommand = {
  name: 'import-template',
  usage: 'import-template <ledger|tax> [--lang zh|en] [--out FILE]',
  describe: 'write the import template (xlsx, with an example row and a notes sheet)',
  options: { lang: 'string', out: 'string' },
  positionals: 1,
  async run(_app, args, io) {
    const kind = kindArg(args.positional[0]);
    const lang = option(args, 'lang', HEADER_LANGUAGES, 'zh') as HeaderLanguage;
    const out = args.options.out === undefined ? `import-template-${kind}.xlsx` : option(args, 'out');
    writeFileSync(out, await templateFile(kind, lang));
    io.err.write(`wrote ${out}\n`);
    return 0;
  },
};

/**
 * `import-xlsx ledger|tax FILE [--dry-run]`: the same import as the API, recorded as `--actor`
 * (default `cli.import`) with the recorder role; a progress bar on stderr while committing.
 */
export const importXlsxCommand: CliCommand = {
  name: 'import-xlsx',
  usage: 'import-xlsx <ledger|tax> FILE [--dry-run] [--actor NAME]',
  describe: 'import a filled-in template: a dry run listing every problem, or the commit (running it again adds nothing)',
  // Records through the handlers: the data directory's one-writer lock (a dry run takes it too, so it sees what the commit will).
  access: 'write',
  options: { 'dry-run': 'flag', actor: 'string' },
  positionals: 2,
  async run(app, args, io) {
    const kind = kindArg(args.positional[0]);
    const path = args.positional[1];
    if (path === undefined) throw new CliUsageError('name the .xlsx file to import');
    const principal: Principal = { actor: args.options.actor === undefined ? 'cli.import' : option(args, 'actor'), role: 'recorder', unitId: null };
    const importer = app.get(Importer);
    const file = readFileSync(path);
    if (args.options['dry-run'] === true) {
      const report = await importer.dryRun(kind, file, principal);
      io.out.write(summary(report));
      return report.problems.length === 0 ? 0 : 1;
    }
    const bar = new ProgressBar(`import ${kind}`, io.err);
    try {
      const report = await importer.commit(kind, file, principal, (done, total) => bar.update(done, total));
      bar.done();
      io.out.write(summary(report));
      return 0;
    } catch (error) {
      if (!(error instanceof ImportRefused)) throw error;
      io.out.write(summary(error.report));
      return 1;
    }
  },
};

export const importCommands: CliCommand[] = [importTemplateCommand, importXlsxCommand];
