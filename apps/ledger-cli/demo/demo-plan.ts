/**
 * The demo ledger, as a pure plan of commands (names from SEED-FACTS.md, masked figures invented):
 * five counties and a city department, four townships with their heads, an assessment policy, two dozen projects at every
 * stage with funding, verifications and quarterly tax over several years, a void, a credit
 * reassignment, a late referrer, a township (菜屯鎮) that fails two years running and exits the
 * key-support list, and 慶雲縣's lifelong referrer reward: a policy, a lower rate later, a repeal after a
 * fair-competition review, half-year payouts, then a late tax and a void that adjust the next statement.
 * A fixed seed makes every run record the same facts.
 */
import { addDays, convertToCnyFen, fromFen, toFen, type Currency } from '../../../libs/kernel/index.js';
import type { LeadRequest, MoneyInput, ProjectCommand } from '../../../libs/projects/domain/commands.js';
import type { Origin, Referrer, Sector } from '../../../libs/projects/domain/events.js';
import type { RegisterUnit } from '../../../libs/projects/domain/units.js';
import type { Park } from '../../../libs/projects/domain/parks.js';
import type { IssueAssessmentPolicy } from '../../../libs/assessment/domain/policy.js';
import type { TownshipCommand } from '../../../libs/townships/domain/commands.js';
import type { IssueRewardPolicyCommand } from '../../../libs/rewards/commands/policy-commands.js';
import type { Post } from '../../../libs/townships/domain/events.js';

/** Every fact is dated on or before this day; the demo needs a ledger whose today is at least this. */
export const DEMO_LAST_DAY = '2026-06-30';

export type DemoActor = 'admin' | 'recorder' | 'assessor' | 'finance';
type Fact = Exclude<ProjectCommand, { type: 'RegisterLead' | 'VoidFact' }>;

export type DemoStep =
  | { kind: 'unit'; unit: RegisterUnit }
  | { kind: 'park'; park: Park }
  | { kind: 'assessment-policy'; policy: Omit<IssueAssessmentPolicy, 'policyId'> }
  | { kind: 'township'; command: Exclude<TownshipCommand, { type: 'CloseYear' }> }
  | { kind: 'lead'; project: string; lead: LeadRequest }
  /** `label` names the fact so a later void can point at it. */
  | { kind: 'fact'; project: string; as: DemoActor; command: Fact; label?: string }
  | { kind: 'void'; project: string; voids: string; reason: string; on: string }
  | { kind: 'close-year'; unitId: string; year: number; closedOn: string }
  /** `key` names the policy so a later repeal can point at it. */
  | { kind: 'reward-policy'; key: string; policy: IssueRewardPolicyCommand['policy'] }
  | { kind: 'repeal-reward-policy'; policy: string; repealedFrom: string; reason: string }
  /** Finance pays every referrer's statement for the half year, for its total as it stands then. */
  | { kind: 'payouts'; period: string; paidOn: string };

const RATES: Partial<Record<Currency, string>> = { USD: '7.1234', HKD: '0.9123', KRW: '0.0052' };

type Reach = 'lead' | 'intent' | 'contract' | 'ground' | 'completed' | 'production' | 'abandoned';

interface ProjectSpec {
  key: string;
  name: string;
  investor: string;
  origin: Origin;
  sector: Sector;
  unitId: string;
  currency: Currency;
  /** Planned investment in 萬 (ten thousands) of `currency`. */
  plannedWan: number;
  leadOn: string;
  reach: Reach;
  parkId?: string;
  referrer?: Referrer;
  /** Signed, one tranche, then silence: a 前熱後冷 project. */
  stalled?: boolean;
  /** An intent (意向) before the contract. */
  intentFirst?: boolean;
}

const person = (referrerId: string, name: string): Referrer => ({ referrerId, name, kind: 'person' });
const organization = (referrerId: string, name: string): Referrer => ({ referrerId, name, kind: 'organization' });

const UNITS: RegisterUnit[] = [
  { unitId: 'xiajin', name: '夏津縣', kind: 'county' },
  { unitId: 'qingyun', name: '慶雲縣', kind: 'county' },
  { unitId: 'chiping', name: '茌平縣', kind: 'county' },
  { unitId: 'linqing', name: '臨清市', kind: 'county' },
  { unitId: 'gaotang', name: '高唐縣', kind: 'county' },
  { unitId: 'city-commerce', name: '市商務局', kind: 'department' },
  { unitId: 'xiajin-zhengbaotun', name: '鄭保屯鎮', kind: 'township', parentId: 'xiajin' },
  { unitId: 'qingyun-changjia', name: '常家鎮', kind: 'township', parentId: 'qingyun' },
  { unitId: 'chiping-boping', name: '博平鎮', kind: 'township', parentId: 'chiping' },
  { unitId: 'chiping-caitun', name: '菜屯鎮', kind: 'township', parentId: 'chiping' },
];

/** The parks the projects below name (a lead's park must be registered). */
const PARKS: Park[] = [
  { parkId: 'xiajin-textile-park', name: '夏津紡織工業園', unitId: 'xiajin' },
  { parkId: 'linqing-korea-park', name: '臨清中韓產業園', unitId: 'linqing' },
  { parkId: 'linqing-japan-park', name: '臨清中日產業園', unitId: 'linqing' },
];

const OFFICIALS: Exclude<TownshipCommand, { type: 'CloseYear' | 'SetAnnualTarget' }>[] = (
  [
    ['xiajin-zhengbaotun', 'zhang-hongwei', '張宏偉', 'party_secretary'],
    ['xiajin-zhengbaotun', 'li-guifang', '李桂芳', 'township_head'],
    ['qingyun-changjia', 'wang-dejun', '王德軍', 'party_secretary'],
    ['qingyun-changjia', 'zhao-lina', '趙麗娜', 'township_head'],
    ['chiping-boping', 'sun-zhiqiang', '孫志強', 'party_secretary'],
    ['chiping-boping', 'zhou-min', '周敏', 'township_head'],
    ['chiping-caitun', 'ma-jianguo', '馬建國', 'party_secretary'],
    ['chiping-caitun', 'liu-yan', '劉艷', 'township_head'],
  ] satisfies [string, string, string, Post][]
).map(([unitId, officialId, name, post]) => ({ type: 'AppointOfficial', unitId, officialId, name, post, from: '2021-01-04' }));

/** 菜屯鎮's head moves on mid-2024: her successor, in post at the exit, is the one banned. */
const SUCCESSION: Exclude<TownshipCommand, { type: 'CloseYear' | 'SetAnnualTarget' }>[] = [
  { type: 'RecordDeparture', unitId: 'chiping-caitun', officialId: 'liu-yan', post: 'township_head', on: '2024-06-28' },
  { type: 'AppointOfficial', unitId: 'chiping-caitun', officialId: 'gao-peng', name: '高鵬', post: 'township_head', from: '2024-07-01' },
];

const PROJECTS: ProjectSpec[] = [
  {
    key: 'huafang',
    name: '棉紡織項目一期',
    investor: '華芳集團',
    origin: 'domestic',
    sector: 'secondary',
    unitId: 'xiajin-zhengbaotun',
    currency: 'CNY',
    plannedWan: 300000,
    leadOn: '2022-09-05',
    reach: 'production',
    parkId: 'xiajin-textile-park',
    referrer: person('ref-wang-jianguo', '王建國'),
  },
  {
    key: 'huafang-2',
    name: '棉紡織項目二期',
    investor: '華芳集團',
    origin: 'domestic',
    sector: 'secondary',
    unitId: 'xiajin-zhengbaotun',
    currency: 'CNY',
    plannedWan: 120000,
    leadOn: '2024-05-10',
    reach: 'ground',
    parkId: 'xiajin-textile-park',
    referrer: person('ref-wang-jianguo', '王建國'),
  },
  {
    key: 'yongfeng',
    name: '軋鋼項目',
    investor: '萊鋼永鋒鋼鐵',
    origin: 'domestic',
    sector: 'secondary',
    unitId: 'xiajin',
    currency: 'CNY',
    plannedWan: 450000,
    leadOn: '2022-11-14',
    reach: 'production',
  },
  {
    key: 'jinyulai',
    name: '保鮮設備項目',
    investor: '金魚來保鮮設備',
    origin: 'foreign',
    sector: 'secondary',
    unitId: 'qingyun',
    currency: 'USD',
    plannedWan: 15000,
    leadOn: '2023-02-03',
    reach: 'completed',
  },
  {
    key: 'shuanghui',
    name: '農產品加工項目',
    investor: '河南雙匯集團',
    origin: 'domestic',
    sector: 'primary',
    unitId: 'qingyun-changjia',
    currency: 'CNY',
    plannedWan: 60000,
    leadOn: '2022-10-20',
    reach: 'production',
    referrer: person('ref-liu-jianhua', '劉建華'),
  },
  {
    key: 'jinluo',
    name: '肉製品加工項目',
    investor: '臨沂金鑼集團',
    origin: 'domestic',
    sector: 'primary',
    unitId: 'linqing',
    currency: 'CNY',
    plannedWan: 50000,
    leadOn: '2023-01-09',
    reach: 'production',
    referrer: person('ref-zhang-lixin', '張立新'),
  },
  {
    key: 'xinfa',
    name: '熱電聯產項目（四百工程）',
    investor: '信發集團',
    origin: 'domestic',
    sector: 'secondary',
    unitId: 'chiping-boping',
    currency: 'CNY',
    plannedWan: 800000,
    leadOn: '2022-08-01',
    reach: 'production',
    referrer: organization('ref-luneng', '魯能集團'),
    intentFirst: true,
  },
  {
    key: 'aoshen',
    name: '電解鋁項目',
    investor: '奧伸投資（香港）有限公司',
    origin: 'foreign',
    sector: 'secondary',
    unitId: 'chiping-boping',
    currency: 'HKD',
    plannedWan: 200000,
    leadOn: '2022-12-12',
    reach: 'production',
    referrer: person('ref-li-xiuying', '李秀英'),
  },
  {
    key: 'xijie',
    name: '賴氨酸項目',
    investor: '韓國西傑集團',
    origin: 'foreign',
    sector: 'primary',
    unitId: 'chiping-caitun',
    currency: 'KRW',
    plannedWan: 1500000,
    leadOn: '2023-04-18',
    reach: 'intent',
  },
  {
    key: 'sanjiu',
    name: '味精擴產項目',
    investor: '三九味精',
    origin: 'domestic',
    sector: 'secondary',
    unitId: 'chiping-caitun',
    currency: 'CNY',
    plannedWan: 30000,
    leadOn: '2023-03-06',
    reach: 'contract',
    stalled: true,
  },
  {
    key: 'jinhao',
    name: '紡織項目',
    investor: '金號織業',
    origin: 'domestic',
    sector: 'secondary',
    unitId: 'chiping-boping',
    currency: 'CNY',
    plannedWan: 40000,
    leadOn: '2023-05-22',
    reach: 'ground',
    referrer: organization('ref-kunshan-textile', '昆山紡織商會'),
  },
  {
    key: 'hualu',
    name: '製藥項目',
    investor: '華魯製藥',
    origin: 'domestic',
    sector: 'secondary',
    unitId: 'chiping',
    currency: 'CNY',
    plannedWan: 70000,
    leadOn: '2022-12-01',
    reach: 'completed',
  },
  {
    key: 'santiantang',
    name: '參天堂食品項目',
    investor: '參天堂（韓國）',
    origin: 'foreign',
    sector: 'tertiary',
    unitId: 'linqing',
    currency: 'KRW',
    plannedWan: 800000,
    leadOn: '2024-03-11',
    reach: 'contract',
    parkId: 'linqing-korea-park',
  },
  {
    key: 'toyo',
    name: '電子元件項目',
    investor: '日本東洋電子',
    origin: 'foreign',
    sector: 'secondary',
    unitId: 'linqing',
    currency: 'USD',
    plannedWan: 8000,
    leadOn: '2025-09-01',
    reach: 'lead',
    parkId: 'linqing-japan-park',
  },
  {
    key: 'gangcheng',
    name: '港城花園',
    investor: '連雲港港城置業',
    origin: 'domestic',
    sector: 'real_estate',
    unitId: 'xiajin',
    currency: 'CNY',
    plannedWan: 90000,
    leadOn: '2022-07-15',
    reach: 'production',
  },
  {
    key: 'gaotang-logistics',
    name: '物流園項目',
    investor: '高唐物流集團',
    origin: 'domestic',
    sector: 'tertiary',
    unitId: 'gaotang',
    currency: 'CNY',
    plannedWan: 35000,
    leadOn: '2023-06-01',
    reach: 'ground',
  },
  {
    key: 'senyuan',
    name: '纖維板項目',
    investor: '茌平森源木業',
    origin: 'domestic',
    sector: 'secondary',
    unitId: 'chiping-caitun',
    currency: 'CNY',
    plannedWan: 25000,
    leadOn: '2023-02-14',
    reach: 'abandoned',
  },
  {
    key: 'dongyue',
    name: '光伏組件項目',
    investor: '東岳新能源',
    origin: 'domestic',
    sector: 'secondary',
    unitId: 'gaotang',
    currency: 'CNY',
    plannedWan: 150000,
    leadOn: '2024-01-08',
    reach: 'completed',
  },
  {
    key: 'kangyuan',
    name: '新醫藥產業園項目',
    investor: '康緣藥業',
    origin: 'domestic',
    sector: 'secondary',
    unitId: 'city-commerce',
    currency: 'CNY',
    plannedWan: 100000,
    leadOn: '2023-09-12',
    reach: 'ground',
  },
  {
    key: 'cold-chain',
    name: '冷鏈物流中心',
    investor: '魯中冷鏈',
    origin: 'domestic',
    sector: 'tertiary',
    unitId: 'qingyun',
    currency: 'CNY',
    plannedWan: 20000,
    leadOn: '2024-06-03',
    reach: 'contract',
  },
  {
    key: 'dapu',
    name: '精細化工項目',
    investor: '大浦化工',
    origin: 'domestic',
    sector: 'secondary',
    unitId: 'linqing',
    currency: 'CNY',
    plannedWan: 60000,
    leadOn: '2025-02-17',
    reach: 'intent',
  },
  // 以商引商: 華芳集團, already investing in 夏津縣, brings in a supplier.
  {
    key: 'hengfeng',
    name: '汽車零部件項目',
    investor: '德州恒豐汽配',
    origin: 'domestic',
    sector: 'secondary',
    unitId: 'xiajin-zhengbaotun',
    currency: 'CNY',
    plannedWan: 45000,
    leadOn: '2023-07-19',
    reach: 'production',
    referrer: organization('ref-huafang-group', '華芳集團'),
  },
  {
    key: 'xincai',
    name: '新材料項目',
    investor: '新材料科技（香港）',
    origin: 'foreign',
    sector: 'secondary',
    unitId: 'qingyun-changjia',
    currency: 'HKD',
    plannedWan: 50000,
    leadOn: '2023-10-09',
    reach: 'ground',
  },
  {
    key: 'linqing-hotel',
    name: '商務酒店',
    investor: '臨清國際置業',
    origin: 'domestic',
    sector: 'real_estate',
    unitId: 'linqing',
    currency: 'CNY',
    plannedWan: 40000,
    leadOn: '2022-06-20',
    reach: 'production',
  },
  {
    key: 'caitun-feed',
    name: '飼料加工項目',
    investor: '聊城牧豐飼料',
    origin: 'domestic',
    sector: 'primary',
    unitId: 'chiping-caitun',
    currency: 'CNY',
    plannedWan: 8000,
    leadOn: '2025-04-07',
    reach: 'lead',
  },
];

/** mulberry32: small and deterministic, so the demo is the same every time. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function money(units: number, currency: Currency): MoneyInput {
  const amount = `${Math.round(units)}.00`;
  const rate = RATES[currency];
  return rate ? { amount, currency, cnyRate: rate } : { amount, currency };
}

/** CNY value of a demo amount, as the ledger will compute it (half-up to the fen). */
function cnyOf(m: MoneyInput): bigint {
  return m.cnyRate ? convertToCnyFen(toFen(m.amount), m.cnyRate) : toFen(m.amount);
}

const STAGES: Reach[] = ['lead', 'intent', 'contract', 'ground', 'completed', 'production'];
const reaches = (spec: ProjectSpec, stage: Reach) => STAGES.indexOf(spec.reach) >= STAGES.indexOf(stage);

interface Dated {
  on: string;
  step: DemoStep;
}

/** One project's life, each step dated; it stops at the spec's reach or at the demo's last day. */
function life(spec: ProjectSpec, random: () => number): Dated[] {
  const between = (low: number, high: number) => low + (high - low) * random();
  const steps: Dated[] = [];
  const add = (on: string, step: DemoStep) => on <= DEMO_LAST_DAY && steps.push({ on, step });
  const fact = (on: string, command: Fact, as: DemoActor = 'recorder', label?: string) =>
    add(on, { kind: 'fact', project: spec.key, as, command, ...(label ? { label } : {}) });
  const project = spec.key;
  const planned = spec.plannedWan * 10_000;
  add(spec.leadOn, {
    kind: 'lead',
    project,
    lead: {
      type: 'RegisterLead',
      name: spec.name,
      investor: spec.investor,
      origin: spec.origin,
      sector: spec.sector,
      plannedInvestment: money(planned, spec.currency),
      unitId: spec.unitId,
      leadOn: spec.leadOn,
      ...(spec.parkId ? { parkId: spec.parkId } : {}),
      ...(spec.referrer ? { referrer: spec.referrer } : {}),
    },
  });
  const intentOn = addDays(spec.leadOn, 45);
  if (spec.reach === 'intent' || spec.reach === 'abandoned' || spec.intentFirst) {
    fact(intentOn, { type: 'Sign', kind: 'intent', committedInvestment: money(planned * 0.9, spec.currency), signedOn: intentOn });
  }
  if (spec.reach === 'abandoned') {
    const on = addDays(intentOn, 160);
    fact(on, { type: 'Abandon', reason: '投資方資金鏈斷裂，項目終止', abandonedOn: on });
    return steps;
  }
  if (!reaches(spec, 'contract')) return steps;

  const contractOn = addDays(spec.leadOn, 90);
  const committed = Math.round((planned * between(0.85, 1.05)) / 10_000) * 10_000;
  fact(contractOn, { type: 'Sign', kind: 'contract', committedInvestment: money(committed, spec.currency), signedOn: contractOn });
  // Tranches every ~110 days until about nine tenths of the commitment arrived (one only if stalled).
  let funded = 0;
  for (let i = 0, on = addDays(contractOn, 20); i < (spec.stalled ? 1 : 8) && funded < committed * 0.8; i++, on = addDays(on, 110)) {
    const amount = Math.round(committed * between(0.08, 0.15));
    funded += amount;
    fact(
      on,
      { type: 'RecordFunding', amount: money(amount, spec.currency), bankReference: `${spec.key.toUpperCase()}-TR-${i + 1}`, arrivedOn: on },
      'recorder',
      `${project}:funding:${i + 1}`,
    );
  }
  if (!reaches(spec, 'ground')) return steps;

  const groundOn = addDays(contractOn, 75);
  fact(groundOn, { type: 'BreakGround', brokeGroundOn: groundOn });
  const assets = spec.sector === 'primary' || spec.sector === 'secondary';
  const inCny = Number(fromFen(cnyOf(money(committed, spec.currency))));
  const verify = (on: string, share: number) =>
    assets &&
    fact(
      on,
      {
        type: 'VerifyFixedAssets',
        plant: money(inCny * share * between(0.25, 0.35), 'CNY'),
        equipment: money(inCny * share * between(0.2, 0.3), 'CNY'),
        land: money(inCny * share * between(0.08, 0.12), 'CNY'),
        inspectedOn: on,
        inspector: '市項目評價委員會第一組',
      },
      'assessor',
    );
  verify(addDays(groundOn, 120), 0.4);
  if (!reaches(spec, 'completed')) return steps;

  const completedOn = addDays(groundOn, 330);
  fact(completedOn, { type: 'Complete', completedOn });
  verify(addDays(completedOn, 20), 0.6);
  if (!reaches(spec, 'production')) return steps;

  const productionOn = addDays(completedOn, 40);
  fact(productionOn, { type: 'StartProduction', startedOn: productionOn });
  // Quarterly tax: the quarter's last month, paid by the 15th of the month after.
  for (let quarter = quarterAfter(productionOn); `${quarter}-15` <= DEMO_LAST_DAY; quarter = nextQuarterMonth(quarter)) {
    const paidOn = `${monthAfter(quarter)}-15`;
    if (paidOn > DEMO_LAST_DAY) break;
    const amount = money(inCny * between(0.0015, 0.004), 'CNY');
    fact(
      paidOn,
      { type: 'RecordTax', amount, taxMonth: quarter, paymentReference: `TAX-${spec.key.toUpperCase()}-${quarter}`, paidOn },
      'recorder',
      `${project}:tax:${quarter}`,
    );
  }
  return steps;
}

/** 'YYYY-MM' of the first quarter-end month after the date's month. */
function quarterAfter(date: string): string {
  let month = date.slice(0, 7);
  do month = monthAfter(month);
  while (Number(month.slice(5)) % 3 !== 0);
  return month;
}

function monthAfter(month: string): string {
  return addDays(`${month}-28`, 7).slice(0, 7);
}

function nextQuarterMonth(month: string): string {
  return monthAfter(monthAfter(monthAfter(month)));
}

/** The step a label (`<project>:<what>:<n>`) names; the plan fails loudly if its life has no such fact. */
function labelled(byProject: Map<string, Dated[]>, label: string): Dated {
  const found = byProject.get(label.split(':')[0])?.find((d) => d.step.kind === 'fact' && d.step.label === label);
  if (!found) throw new Error(`the demo plan has no fact ${label}`);
  return found;
}

/** The exceptions a newcomer should meet: a void, a credit moved, a referrer named late. */
function corrections(byProject: Map<string, Dated[]>): Dated[] {
  const doubled = labelled(byProject, 'jinhao:funding:2');
  const voidOn = addDays(doubled.on, 12);
  const jinluoLead = byProject.get('jinluo')![0].on;
  const jinyulaiLead = byProject.get('jinyulai')![0].on;
  return [
    { on: voidOn, step: { kind: 'void', project: 'jinhao', voids: 'jinhao:funding:2', reason: '銀行退回重複入賬的款項', on: voidOn } },
    {
      on: addDays(jinluoLead, 130),
      step: {
        kind: 'fact',
        project: 'jinluo',
        as: 'assessor',
        command: { type: 'ReassignCredit', unitId: 'gaotang', reason: '項目實際落地高唐縣開發區，經評價委員會核定改認定', on: addDays(jinluoLead, 130) },
      },
    },
    {
      on: addDays(jinyulaiLead, 100),
      step: {
        kind: 'fact',
        project: 'jinyulai',
        as: 'assessor',
        command: { type: 'AssignReferrer', referrer: organization('ref-qingyun-chamber', '慶雲縣工商聯'), assignedOn: addDays(jinyulaiLead, 100) },
      },
    },
  ];
}

/** The half years finance pays, each on the 20th of the month after it ends. */
const PAID_PERIODS: [period: string, paidOn: string][] = [
  ['2024-H2', '2025-01-20'],
  ['2025-H1', '2025-07-20'],
  ['2025-H2', '2026-01-20'],
];

const FAIR_COMPETITION_REVIEW = '公平競爭審查：按企業納稅額獎勵引薦人屬違規給予特定經營者優惠，自2026年7月1日起廢止';

/**
 * 慶雲縣's lifelong referrer reward (按生產性企業年納稅額的3%獎勵引薦人,每半年兌現一次). The 2022 referrals
 * predate the first policy and earn nothing; 張立新 (金鑼) and 華芳集團 (恒豐, 以商引商) lock 3% with a 500萬
 * cap; 陳志剛, named on 永鋒 after the 2025 change, locks 2%. After the 2025-H2 payout a late tax for
 * 2025-H2 and a void of a paid 2025-H1 tax put adjustment lines on 張立新's 2026-H1 statement.
 */
function rewards(byProject: Map<string, Dated[]>): Dated[] {
  // 金鑼's tax for the March 2025 quarter, paid on 15 April 2025 and paid out with 2025-H1.
  const voided = 'jinluo:tax:2025-03';
  labelled(byProject, voided);
  const assignedOn = '2025-03-18';
  const lateOn = '2026-02-09';
  const voidOn = '2026-03-12';
  return [
    {
      on: '2022-12-20',
      step: {
        kind: 'reward-policy',
        key: 'qingyun-2023',
        policy: {
          rateBps: 300,
          productiveSectors: ['primary', 'secondary'],
          effectiveFrom: '2023-01-01',
          lifetimeCap: { amount: '5000000.00', currency: 'CNY' },
        },
      },
    },
    { on: '2024-12-16', step: { kind: 'reward-policy', key: 'qingyun-2025', policy: { rateBps: 200, effectiveFrom: '2025-01-01' } } },
    {
      on: assignedOn,
      step: {
        kind: 'fact',
        project: 'yongfeng',
        as: 'assessor',
        command: { type: 'AssignReferrer', referrer: person('ref-chen-zhigang', '陳志剛'), assignedOn },
      },
    },
    ...PAID_PERIODS.map(([period, on]): Dated => ({ on, step: { kind: 'payouts', period, paidOn: on } })),
    {
      on: lateOn,
      step: {
        kind: 'fact',
        project: 'jinluo',
        as: 'recorder',
        command: {
          type: 'RecordTax',
          amount: { amount: '186400.00', currency: 'CNY' },
          taxMonth: '2025-11',
          paymentReference: 'TAX-JINLUO-2025-11-補繳',
          paidOn: '2025-12-22',
        },
      },
    },
    { on: voidOn, step: { kind: 'void', project: 'jinluo', voids: voided, reason: '稅務機關更正：該筆稅款誤記入本項目，已退庫', on: voidOn } },
    ...['qingyun-2023', 'qingyun-2025'].map((policy): Dated => ({
      on: '2026-06-15',
      step: { kind: 'repeal-reward-policy', policy, repealedFrom: '2026-07-01', reason: FAIR_COMPETITION_REVIEW },
    })),
  ];
}

const CLOSED_TOWNSHIPS = ['xiajin-zhengbaotun', 'chiping-boping', 'chiping-caitun'];
const FAILING_TOWNSHIP = 'chiping-caitun';
const CLOSED_YEARS = [2023, 2024, 2025];

/** Funding (CNY fen) planned to arrive in a year on a township's projects, net of the planned void. */
function fundedFen(steps: readonly DemoStep[], unitId: string, year: number): bigint {
  const projects = new Set(steps.flatMap((s) => (s.kind === 'lead' && s.lead.unitId === unitId ? [s.project] : [])));
  const voided = new Set(steps.flatMap((s) => (s.kind === 'void' ? [s.voids] : [])));
  return steps.reduce((sum, s) => {
    if (s.kind !== 'fact' || s.command.type !== 'RecordFunding' || !projects.has(s.project)) return sum;
    if (!s.command.arrivedOn.startsWith(`${year}-`) || (s.label && voided.has(s.label))) return sum;
    return sum + cnyOf(s.command.amount);
  }, 0n);
}

/** Targets the good townships meet (four fifths of what arrives) and 菜屯鎮 misses by 5,000萬. */
function targetsAndClosings(steps: readonly DemoStep[]): DemoStep[] {
  const targets: DemoStep[] = CLOSED_TOWNSHIPS.flatMap((unitId) =>
    CLOSED_YEARS.map((year): DemoStep => {
      const actual = fundedFen(steps, unitId, year);
      const fen = unitId === FAILING_TOWNSHIP ? actual + 5_000_000_000n : ((actual * 4n) / 5n / 100_000_000n) * 100_000_000n;
      return { kind: 'township', command: { type: 'SetAnnualTarget', unitId, year, target: fromFen(fen > 0n ? fen : 100_000_000n) } };
    }),
  );
  const closings = CLOSED_YEARS.flatMap((year) =>
    CLOSED_TOWNSHIPS.map((unitId): DemoStep => ({ kind: 'close-year', unitId, year, closedOn: `${year + 1}-01-20` })),
  );
  return [...targets, ...closings];
}

export function demoPlan(seed = 2003): DemoStep[] {
  const random = generator(seed);
  const byProject = new Map(PROJECTS.map((spec) => [spec.key, life(spec, random)]));
  // Project facts in business-date order across projects (stable, so each life keeps its own order).
  const dated = [...[...byProject.values()].flat(), ...corrections(byProject), ...rewards(byProject)].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const projectSteps = dated.map((d) => d.step);
  return [
    ...UNITS.map((unit): DemoStep => ({ kind: 'unit', unit })),
    ...PARKS.map((park): DemoStep => ({ kind: 'park', park })),
    // Liaocheng's rule: projects under 5,000萬 are not counted; real estate counts as tax × 10.
    { kind: 'assessment-policy', policy: { minimumProjectCny: '50000000.00', realEstateTaxMultiplier: 10, effectiveFrom: '2022-01-01' } },
    ...[...OFFICIALS, ...SUCCESSION].map((command): DemoStep => ({ kind: 'township', command })),
    ...projectSteps,
    ...targetsAndClosings(projectSteps),
  ];
}
