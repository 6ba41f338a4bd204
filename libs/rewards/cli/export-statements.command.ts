import { QueryBus } from '@nestjs/cqrs';
import { EXPORT_FORMATS, type ExportFormat } from '../../platform/export/files.js';
import { HEADER_LANGUAGES, type HeaderLanguage } from '../../platform/export/sheet.js';
import { CliUsageError, deliver, option, optional, type CliCommand } from '../../platform/cli/cli-command.js';
import { ProgressBar } from '../../platform/cli/progress.js';
import { HALF_YEAR } from '../http/dto.js';
import { ExportStatementsQuery } from '../queries/statement-queries.js';

/**
 * `statements 2026-H1 --format csv|xlsx`: finance's export of a half year's statements. CSV goes to
 * standard output unless `--out` names a file; a workbook goes to `--out` or, by default, to
 * `referrer-statements-<period>.xlsx` in the current directory.
 */
export const exportStatementsCommand: CliCommand = {
  name: 'statements',
  usage: 'statements <YYYY-H1|YYYY-H2> --format csv|xlsx [--lang zh|en] [--out FILE]',
  describe: "export every referrer's reward statement for a half year, with the sum",
  options: { format: 'string', lang: 'string', out: 'string' },
  positionals: 1,
  async run(app, args, io) {
    const period = args.positional[0];
    if (period === undefined || !HALF_YEAR.test(period)) throw new CliUsageError('the period must be a half year like 2026-H1');
    const format = option(args, 'format', EXPORT_FORMATS) as ExportFormat;
    const language = option(args, 'lang', HEADER_LANGUAGES, 'zh') as HeaderLanguage;
    const bar = new ProgressBar('statements', io.err);
    const file = await app.get(QueryBus).execute(new ExportStatementsQuery(period, format, language, (done, total) => bar.update(done, total)));
    bar.done();
    const out = optional(args, 'out') ?? (format === 'xlsx' ? file.filename : undefined);
    return deliver(file, out, io);
  },
};
