/**
 * The ranking and the stalled list as sheets: headers in Chinese (Simplified) or English, one row per
 * unit or project. Pure; the platform's sheet writer only encodes. Money stays a decimal string (exact),
 * counts and ranks are numbers.
 */
import { columnsIn, signatureBlock, type ColumnSpec, type HeaderLanguage, type Labels, type Sheet } from '../../platform/export/sheet.js';
import { STAGE_NAMES } from '../../projects/index.js';
import type { Mark } from '../domain/counting.js';
import type { FlagLevel, FlagRule } from '../domain/stalled.js';
import { fromFen, ratio, sumFen, toFen, type Money } from '../../kernel/index.js';
import type { AssessmentView, ProgressView, StalledView } from '../read-model/assessment.queries.js';

const RANKING_COLUMNS: Record<string, ColumnSpec> = {
  period: { zh: '考核期', en: 'period' },
  rank: { zh: '名次', en: 'rank', kind: 'integer' },
  unitId: { zh: '单位代码', en: 'unitId' },
  unit: { zh: '单位', en: 'unit' },
  score: { zh: '得分（元）', en: 'score (CNY)', kind: 'money' },
  mark: { zh: '奖惩', en: 'mark' },
  projects: { zh: '计分项目数', en: 'projects', kind: 'integer' },
};

const MARKS: Labels<NonNullable<Mark>> = {
  reward: { zh: '奖励', en: 'reward' },
  self_criticism: { zh: '末位表态', en: 'self_criticism' },
};

const STALLED_COLUMNS: Record<string, ColumnSpec> = {
  projectId: { zh: '项目代码', en: 'projectId' },
  project: { zh: '项目', en: 'project' },
  unitId: { zh: '认定单位', en: 'unitId' },
  stage: { zh: '阶段', en: 'stage' },
  lastEventOn: { zh: '最后进展日', en: 'lastEventOn' },
  daysSilent: { zh: '停滞天数', en: 'daysSilent', kind: 'integer' },
  flags: { zh: '预警', en: 'flags' },
};

const FLAG_RULES: Labels<FlagRule> = {
  not_started: { zh: '签约后未开工', en: 'not_started' },
  funding_stopped: { zh: '开工后资金未到位', en: 'funding_stopped' },
  underfunded: { zh: '资金到位不足15%', en: 'underfunded' },
};

const FLAG_LEVELS: Labels<FlagLevel> = { yellow: { zh: '黄', en: 'yellow' }, red: { zh: '红', en: 'red' } };

export function rankingSheet(view: AssessmentView, lang: HeaderLanguage): Sheet {
  return {
    name: lang === 'zh' ? `考核排名 ${view.period}` : `ranking ${view.period}`,
    title: lang === 'zh' ? '招商引资考核排名' : 'Investment promotion assessment: ranking',
    subtitle: [lang === 'zh' ? `考核期：${view.period}\u3000金额单位：元` : `Period: ${view.period}, amounts in CNY`],
    columns: columnsIn(RANKING_COLUMNS, lang),
    rows: view.units.map((u) => [
      view.period,
      u.rank,
      u.unitId,
      u.name,
      u.score.amount,
      u.mark === null ? '' : MARKS[u.mark][lang],
      u.projects.filter((p) => !p.belowMinimum).length,
    ]),
    filters: true,
    signatures: signatureBlock(lang),
  };
}

export function stalledSheet(view: StalledView, lang: HeaderLanguage): Sheet {
  return {
    name: lang === 'zh' ? `停滞项目 ${view.asOf}` : `stalled ${view.asOf}`,
    title: lang === 'zh' ? '停滞项目（前热后冷）清单' : 'Stalled projects',
    subtitle: [lang === 'zh' ? `截至 ${view.asOf}，超过 ${view.days} 天无进展` : `As of ${view.asOf}, silent for more than ${view.days} days`],
    columns: columnsIn(STALLED_COLUMNS, lang),
    rows: view.items.map((i) => [
      i.projectId,
      i.name,
      i.unitId,
      STAGE_NAMES[i.stage][lang],
      i.lastEventOn,
      i.daysSilent,
      i.flags.map((f) => `${FLAG_LEVELS[f.level][lang]}: ${FLAG_RULES[f.rule][lang]}`).join('; '),
    ]),
    filters: true,
    signatures: signatureBlock(lang),
  };
}

const PROGRESS_COLUMNS: Record<string, ColumnSpec> = {
  unitId: { zh: '县区代码', en: 'unitId' },
  unit: { zh: '县区', en: 'county' },
  signed: { zh: '本期签约项目（个）', en: 'signed in period', kind: 'integer' },
  committed: { zh: '本期签约投资（元）', en: 'committed in period (CNY)', kind: 'money' },
  arrived: { zh: '本期到位资金（元）', en: 'arrived in period (CNY)', kind: 'money' },
  signedYtd: { zh: '年累计签约项目（个）', en: 'signed year to date', kind: 'integer' },
  committedYtd: { zh: '年累计签约投资（元）', en: 'committed year to date (CNY)', kind: 'money' },
  arrivedYtd: { zh: '年累计到位资金（元）', en: 'arrived year to date (CNY)', kind: 'money' },
  target: { zh: '年度目标（元）', en: 'annual target (CNY)', kind: 'money' },
  completion: { zh: '目标完成率', en: 'completion', kind: 'ratio' },
};

/** 各县区招商引资完成情况表, with a totals row whose completion is the sum arrived over the sum of targets. */
export function progressSheet(view: ProgressView, lang: HeaderLanguage): Sheet {
  const sum = (pick: (u: ProgressView['units'][number]) => Money | null) => fromFen(sumFen(view.units.map((u) => toFen(pick(u)?.amount ?? '0'))));
  const count = (pick: (u: ProgressView['units'][number]) => number) => view.units.reduce((n, u) => n + pick(u), 0);
  const targets = view.units.filter((u) => u.target !== null);
  const totalTarget = sumFen(targets.map((u) => toFen(u.target!.amount)));
  const totalCompletion = targets.length === 0 ? null : ratio(toFen(sum((u) => u.yearToDate.arrived)), totalTarget);
  return {
    name: lang === 'zh' ? `完成情况 ${view.period}` : `progress ${view.period}`,
    title: lang === 'zh' ? '各县区招商引资完成情况表' : 'Investment promotion: progress by county',
    subtitle: [
      lang === 'zh'
        ? `统计期：${view.period}（${view.from} 至 ${view.to}），年累计自 ${view.from.slice(0, 4)}-01-01 起\u3000金额单位：元`
        : `Period ${view.period} (${view.from} to ${view.to}); year to date from ${view.from.slice(0, 4)}-01-01; amounts in CNY`,
    ],
    columns: columnsIn(PROGRESS_COLUMNS, lang),
    rows: view.units.map((u) => [
      u.unitId,
      u.name,
      u.period.signedProjects,
      u.period.committed.amount,
      u.period.arrived.amount,
      u.yearToDate.signedProjects,
      u.yearToDate.committed.amount,
      u.yearToDate.arrived.amount,
      u.target?.amount ?? '',
      u.completion === null ? '' : u.completion.toFixed(4),
    ]),
    totals: [
      [
        lang === 'zh' ? '合计' : 'Total',
        '',
        count((u) => u.period.signedProjects),
        sum((u) => u.period.committed),
        sum((u) => u.period.arrived),
        count((u) => u.yearToDate.signedProjects),
        sum((u) => u.yearToDate.committed),
        sum((u) => u.yearToDate.arrived),
        targets.length === 0 ? '' : fromFen(totalTarget),
        totalCompletion === null ? '' : totalCompletion.toFixed(4),
      ],
    ],
    signatures: signatureBlock(lang),
  };
}
