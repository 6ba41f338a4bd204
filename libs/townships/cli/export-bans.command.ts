import { QueryBus } from '@nestjs/cqrs';
import { isLocalDate } from '../../kernel/index.js';
import { CliUsageError, deliver, option, optional, type CliCommand } from '../../platform/cli/cli-command.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../platform/export/files.js';
import { HEADER_LANGUAGES, type HeaderLanguage } from '../../platform/export/sheet.js';
import { ExportPromotionBansQuery } from '../queries/township-queries.js';

/** `promotion-bans`: the ban register as CSV or Excel, to a file or (CSV) to standard output. */
export const exportBansCommand: CliCommand = {
  name: 'promotion-bans',
  usage: 'promotion-bans --format csv|xlsx [--lang zh|en] [--active-on YYYY-MM-DD] [--out FILE]',
  describe: 'export the promotion-ban register (every ban, or those in force on a day)',
  options: { format: 'string', lang: 'string', 'active-on': 'string', out: 'string' },
  async run(app, args, io) {
    const format = option(args, 'format', EXPORT_FORMATS) as ExportFormat;
    const language = option(args, 'lang', HEADER_LANGUAGES, 'zh') as HeaderLanguage;
    const activeOn = optional(args, 'active-on');
    if (activeOn !== undefined && !isLocalDate(activeOn)) throw new CliUsageError('--active-on must be a calendar date YYYY-MM-DD');
    const out = optional(args, 'out');
    if (out === undefined && format === 'xlsx') throw new CliUsageError('--format xlsx needs --out FILE');
    const file = await app.get(QueryBus).execute(new ExportPromotionBansQuery(format, language, activeOn));
    return deliver(file, out, io);
  },
};
