/** `assessment-ranking` and `stalled-projects`: the CLI's exports, the same files the API serves. */
import { QueryBus } from '@nestjs/cqrs';
import { isLocalDate, parsePeriod } from '../../kernel/index.js';
import { CliUsageError, deliver, option, optional, type CliArgs, type CliCommand } from '../../platform/cli/cli-command.js';
import { UNIT_KINDS, type UnitKind } from '../../projects/domain/index.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../platform/export/files.js';
import { HEADER_LANGUAGES, type HeaderLanguage } from '../../platform/export/sheet.js';
import { ExportAssessmentQuery, ExportStalledQuery, GetAssessmentQuery, GetStalledQuery, type ExportOptions } from '../queries/assessment-queries.js';

const EXPORT_OPTIONS = { format: 'string', lang: 'string', out: 'string' } as const;

function exportOptions(args: CliArgs): ExportOptions & { out: string | undefined } {
  const format = option(args, 'format', EXPORT_FORMATS) as ExportFormat;
  const out = optional(args, 'out');
  if (out === undefined && format === 'xlsx') throw new CliUsageError('--format xlsx needs --out FILE');
  return { format, language: option(args, 'lang', HEADER_LANGUAGES, 'zh') as HeaderLanguage, out };
}

export const exportRankingCommand: CliCommand = {
  name: 'assessment-ranking',
  usage: 'assessment-ranking --period 2026-Q1 --format csv|xlsx [--kind county|township|department] [--lang zh|en] [--out FILE]',
  describe: 'export the units ranking of a period (year, half, quarter or month)',
  options: { period: 'string', kind: 'string', ...EXPORT_OPTIONS },
  async run(app, args, io) {
    const period = parsePeriod(option(args, 'period'));
    if (period === null) throw new CliUsageError('--period must be 2026, 2026-H1, 2026-Q1 or 2026-03');
    const kind = option(args, 'kind', UNIT_KINDS, 'county') as UnitKind;
    const { out, ...options } = exportOptions(args);
    return deliver(await app.get(QueryBus).execute(new ExportAssessmentQuery(new GetAssessmentQuery(period, kind), options)), out, io);
  },
};

export const exportStalledCommand: CliCommand = {
  name: 'stalled-projects',
  usage: 'stalled-projects --format csv|xlsx [--as-of YYYY-MM-DD] [--days 90] [--lang zh|en] [--out FILE]',
  describe: 'export the stalled projects with their yellow/red follow-up flags',
  options: { 'as-of': 'string', days: 'string', ...EXPORT_OPTIONS },
  async run(app, args, io) {
    const asOf = optional(args, 'as-of');
    if (asOf !== undefined && !isLocalDate(asOf)) throw new CliUsageError('--as-of must be a calendar date YYYY-MM-DD');
    const days = optional(args, 'days');
    if (days !== undefined && !/^\d{1,4}$/.test(days)) throw new CliUsageError('--days must be a whole number from 0 to 9999');
    const { out, ...options } = exportOptions(args);
    const query = new GetStalledQuery(asOf, days === undefined ? undefined : Number(days));
    return deliver(await app.get(QueryBus).execute(new ExportStalledQuery(query, options)), out, io);
  },
};

export const assessmentCommands: CliCommand[] = [exportRankingCommand, exportStalledCommand];
