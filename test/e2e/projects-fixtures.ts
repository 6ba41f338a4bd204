/**
 * Shared data and typed readers for the projects e2e files (names from SEED-FACTS.md).
 * Not a test file itself: jest only runs *.e2e.ts and *.spec.ts.
 */
import type request from 'supertest';
import type { ProjectView } from '../../libs/projects/index.js';
import type { HistoryItem } from '../../libs/projects/queries/project-queries.js';
import type { ProblemBody } from '../support/http-spec.js';
import { httpSpec } from '../support/http-spec.js';
import type { TestLedger } from '../support/ledger-app.js';

export type { ProblemBody };

export type Res = request.Response;

export interface Written {
  projectId: string;
  eventId: string;
  revision: number;
}

export interface Page {
  items: ProjectView[];
  nextCursor: string | null;
}

export const written = (res: Res): Written => res.body as Written;
export const view = (res: Res): ProjectView => res.body as ProjectView;
export const problemOf = (res: Res): ProblemBody => res.body as ProblemBody;
export const page = (res: Res): Page => res.body as Page;
export const history = (res: Res): HistoryItem[] => (res.body as { items: HistoryItem[] }).items;

/** Money on the way out: a decimal string with exactly two fraction digits. */
export const TWO_DIGITS = /^-?\d+\.\d{2}$/;

/** Units of the demo: 夏津縣 with a township, and 慶雲縣. */
export const UNITS = [
  { unitId: 'xiajin', name: '夏津縣', kind: 'county' },
  { unitId: 'xiajin-zhengbaotun', name: '鄭保屯鎮', kind: 'township', parentId: 'xiajin' },
  { unitId: 'qingyun', name: '慶雲縣', kind: 'county' },
] as const;

/** The units above and 夏津's textile park, which huafangLead names. */
export async function registerUnits(ledger: TestLedger): Promise<void> {
  for (const unit of UNITS) await ledger.created('admin', '/v1/units', unit);
  await ledger.created('admin', '/v1/parks', { parkId: 'xiajin-textile-park', name: '夏津紡織工業園', unitId: 'xiajin' });
}

/** 華芳集團's cotton-textile project in a 夏津縣 township, introduced by a referrer. */
export const huafangLead = (overrides: Record<string, unknown> = {}) => ({
  name: '棉紡織項目一期',
  investor: '華芳集團',
  origin: 'domestic',
  sector: 'secondary',
  plannedInvestment: { amount: '300000000', currency: 'CNY' },
  unitId: 'xiajin-zhengbaotun',
  parkId: 'xiajin-textile-park',
  referrer: { referrerId: 'ref-wang-jianguo', name: '王建國', kind: 'person' },
  leadOn: '2026-01-12',
  ...overrides,
});

/** 金魚來保鮮設備: refrigeration equipment with a foreign investor, in 慶雲縣, no referrer yet. */
export const jinyulaiLead = (overrides: Record<string, unknown> = {}) => ({
  name: '保鮮設備項目',
  investor: '金魚來保鮮設備',
  origin: 'foreign',
  sector: 'secondary',
  plannedInvestment: { amount: '15000000.00', currency: 'USD', cnyRate: '7.1234' },
  unitId: 'qingyun',
  leadOn: '2026-02-03',
  ...overrides,
});

/** 韓國西傑集團's lysine project: an intent, then abandoned. */
export const xijieLead = (overrides: Record<string, unknown> = {}) => ({
  name: '賴氨酸項目',
  investor: '韓國西傑集團',
  origin: 'foreign',
  sector: 'primary',
  plannedInvestment: { amount: '80000000.00', currency: 'CNY' },
  unitId: 'qingyun',
  leadOn: '2026-03-09',
  ...overrides,
});

/** 華芳集團's project in a 夏津縣 township, under contract since 2026-03-15 (revision 1); returns its id. */
export async function signedHuafang(ledger: TestLedger): Promise<string> {
  const projectId = written(await ledger.as('recorder').post('/v1/projects').send(huafangLead()).expect(201)).projectId;
  await ledger
    .as('recorder')
    .post(`/v1/projects/${projectId}/signing`)
    .send({ kind: 'contract', committedInvestment: { amount: '320000000.00', currency: 'CNY' }, signedOn: '2026-03-15' })
    .expect(201);
  return projectId;
}

/** The ledger's last global position (GET /health `head`): unchanged means nothing was appended. */
export const head = (ledger: TestLedger): Promise<number> => httpSpec(ledger).head();

/** A project's current revision, as a supervisor reads it. */
export async function revisionOf(ledger: TestLedger, projectId: string): Promise<number> {
  return view(await ledger.as('supervisor').get(`/v1/projects/${projectId}`).expect(200)).revision;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
