import { writeFileSync } from 'node:fs';
import { QueryBus } from '@nestjs/cqrs';
import { isLocalDate } from '../../kernel/index.js';
import { CliUsageError, option, type CliCommand } from '../../platform/cli/cli-command.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../platform/export/files.js';
import { HEADER_LANGUAGES, type HeaderLanguage } from '../../platform/export/sheet.js';
import { ExportPromotionBansQuery } from '../queries/township-queries.js';

/** `promotion-bans`: the ban register as CSV or Excel, to a file or (CSV) to standard output. */
export const exportBansCommand: CliCommand = {
  name: 'promotion-bans',
  usage: 'promotion-bans --format csv|xlsx [--lang zh|en] [--active-on YYYY-MM-DD] [--out FILE]',
  describe: 'export the promotion-ban register (every ban, or those in force on a day)',
  async run(app, args, io) {
    const format = option(args, 'format', EXPORT_FORMATS) as ExportFormat;
    const language = option(args, 'lang', HEADER_LANGUAGES, 'zh') as HeaderLanguage;
    const activeOn = args.options['active-on'] === undefined ? undefined : option(args, 'active-on');
    if (activeOn !== undefined && !isLocalDate(activeOn)) throw new CliUsageError('--active-on must be a calendar date YYYY-MM-DD');
    const out = args.options.out === undefined ? undefined : option(args, 'out');
    if (out === undefined && format === 'xlsx') throw new CliUsageError('--format xlsx needs --out FILE');
    const file = await app.get(QueryBus).execute(new ExportPromotionBansQuery(format, language, activeOn));
    if (out === undefined) io.out.write(file.body);
    else {
      writeFileSync(out, file.body);
      io.err.write(`wrote ${out}\n`);
    }
    return 0;
  },
};
