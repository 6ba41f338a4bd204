/**
 * The ranking and the stalled list as sheets: a header row in Chinese or English, then one row per
 * unit or project. Pure; the platform's sheet writer only encodes. Money stays a decimal string (exact),
 * counts and ranks are numbers.
 */
import type { HeaderLanguage, Sheet } from '../../platform/export/sheet.js';
import type { Stage } from '../../projects/domain/index.js';
import type { Mark } from '../domain/counting.js';
import type { FlagLevel, FlagRule } from '../domain/stalled.js';
import type { AssessmentView, StalledView } from '../read-model/assessment.queries.js';

type Labels<K extends string> = Record<K, Record<HeaderLanguage, string>>;

const RANKING_COLUMNS: Labels<'period' | 'rank' | 'unitId' | 'unit' | 'score' | 'mark' | 'projects'> = {
  period: { zh: '考核期', en: 'period' },
  rank: { zh: '名次', en: 'rank' },
  unitId: { zh: '單位代碼', en: 'unitId' },
  unit: { zh: '單位', en: 'unit' },
  score: { zh: '得分（元）', en: 'score (CNY)' },
  mark: { zh: '獎懲', en: 'mark' },
  projects: { zh: '計分項目數', en: 'projects' },
};

const MARKS: Labels<NonNullable<Mark>> = {
  reward: { zh: '獎勵', en: 'reward' },
  self_criticism: { zh: '末位表態', en: 'self_criticism' },
};

const STALLED_COLUMNS: Labels<'projectId' | 'project' | 'unitId' | 'stage' | 'lastEventOn' | 'daysSilent' | 'flags'> = {
  projectId: { zh: '項目代碼', en: 'projectId' },
  project: { zh: '項目', en: 'project' },
  unitId: { zh: '認定單位', en: 'unitId' },
  stage: { zh: '階段', en: 'stage' },
  lastEventOn: { zh: '最後進展日', en: 'lastEventOn' },
  daysSilent: { zh: '停滯天數', en: 'daysSilent' },
  flags: { zh: '預警', en: 'flags' },
};

const STAGES: Labels<Stage> = {
  lead: { zh: '線索', en: 'lead' },
  signed: { zh: '已簽約', en: 'signed' },
  under_construction: { zh: '在建', en: 'under_construction' },
  completed: { zh: '已竣工', en: 'completed' },
  in_production: { zh: '已投產', en: 'in_production' },
  abandoned: { zh: '已終止', en: 'abandoned' },
};

const FLAG_RULES: Labels<FlagRule> = {
  not_started: { zh: '簽約後未開工', en: 'not_started' },
  funding_stopped: { zh: '開工後資金未到位', en: 'funding_stopped' },
  underfunded: { zh: '資金到位不足15%', en: 'underfunded' },
};

const FLAG_LEVELS: Labels<FlagLevel> = { yellow: { zh: '黃', en: 'yellow' }, red: { zh: '紅', en: 'red' } };

function header<K extends string>(columns: Labels<K>, lang: HeaderLanguage): string[] {
  return Object.values<Record<HeaderLanguage, string>>(columns).map((label) => label[lang]);
}

export function rankingSheet(view: AssessmentView, lang: HeaderLanguage): Sheet {
  return {
    name: lang === 'zh' ? `考核排名 ${view.period}` : `ranking ${view.period}`,
    rows: [
      header(RANKING_COLUMNS, lang),
      ...view.units.map((u) => [
        view.period,
        u.rank,
        u.unitId,
        u.name,
        u.score.amount,
        u.mark === null ? '' : MARKS[u.mark][lang],
        u.projects.filter((p) => !p.belowMinimum).length,
      ]),
    ],
  };
}

export function stalledSheet(view: StalledView, lang: HeaderLanguage): Sheet {
  return {
    name: lang === 'zh' ? `停滯項目 ${view.asOf}` : `stalled ${view.asOf}`,
    rows: [
      header(STALLED_COLUMNS, lang),
      ...view.items.map((i) => [
        i.projectId,
        i.name,
        i.unitId,
        STAGES[i.stage][lang],
        i.lastEventOn,
        i.daysSilent,
        i.flags.map((f) => `${FLAG_LEVELS[f.level][lang]}: ${FLAG_RULES[f.rule][lang]}`).join('; '),
      ]),
    ],
  };
}
