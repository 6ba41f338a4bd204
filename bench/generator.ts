/**
 * A seeded generator of a realistic ledger for the benchmarks: counties and townships with officials,
 * targets and closings; projects at every stage (leads, signings, funding, groundbreaking, completion,
 * production with monthly tax over years, abandonment); referrers; a reward policy. The same
 * seed gives the same ledger: stream by stream (each stream's whole life at once, as an import of
 * history would write it), or in time order (`inTimeOrder`, as the ledger is written over the years).
 */
import type { NewEvent } from '../libs/event-store/index.js';

export interface GeneratedStream {
  streamId: string;
  events: NewEvent[];
}

/** mulberry32: a small, fast, seedable PRNG (not for secrets). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LAST_DAY = '2026-11-30';
const DAY_MS = 86_400_000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const dayMs = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const laterDay = (day: string, days: number): string => isoDay(Math.min(dayMs(day) + days * DAY_MS, dayMs(LAST_DAY)));
const monthOf = (day: string): string => day.slice(0, 7);
const nextMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};
const cny = (yuan: number) => ({ amount: `${yuan}.00`, currency: 'CNY', cny: `${yuan}.00` });
/** Whole tens of US dollars at 7.1: the CNY value is exact. */
const usd = (tens: number) => ({ amount: `${tens * 10}.00`, currency: 'USD', cnyRate: '7.1', cny: `${tens * 71}.00` });

const event = (type: string, data: NewEvent['data'], occurredOn: string, role = 'recorder'): NewEvent => ({
  type,
  data,
  occurredOn,
  actor: `bench.${role}`,
  role,
});

export const COUNTIES = 10;
export const TOWNSHIPS_PER_COUNTY = 8;

/** Units, townships and the reward policy: the ledger's set-up before any project. */
function setUp(): GeneratedStream[] {
  const streams: GeneratedStream[] = [
    {
      streamId: 'reward-policy-bench',
      events: [
        event(
          'RewardPolicyIssued',
          { policyId: 'bench', rateBps: 300, productiveSectors: ['primary', 'secondary'], effectiveFrom: '2019-01-01', lifetimeCap: null },
          '2019-01-01',
          'admin',
        ),
      ],
    },
  ];
  for (let c = 0; c < COUNTIES; c++) {
    const county = `county-${c}`;
    streams.push({
      streamId: `unit-${county}`,
      events: [event('UnitRegistered', { unitId: county, name: `縣 ${c}`, kind: 'county', parentId: null }, '2019-01-01', 'admin')],
    });
    for (let t = 0; t < TOWNSHIPS_PER_COUNTY; t++) {
      const unitId = `town-${c}-${t}`;
      streams.push({
        streamId: `unit-${unitId}`,
        events: [event('UnitRegistered', { unitId, name: `鎮 ${c}-${t}`, kind: 'township', parentId: county }, '2019-01-01', 'admin')],
      });
      const township: NewEvent[] = [
        event(
          'OfficialAppointed',
          { officialId: `sec-${unitId}`, name: `書記 ${unitId}`, unitId, post: 'party_secretary', from: '2019-01-01' },
          '2019-01-01',
          'admin',
        ),
        event(
          'OfficialAppointed',
          { officialId: `head-${unitId}`, name: `鎮長 ${unitId}`, unitId, post: 'township_head', from: '2019-01-01' },
          '2019-01-01',
          'admin',
        ),
      ];
      for (let year = 2020; year <= 2026; year++) {
        township.push(event('AnnualTargetSet', { unitId, year, target: `${(5 + ((c + t + year) % 7)) * 1_000_000}.00` }, `${year}-01-05`, 'assessor'));
        if (year <= 2025) {
          const met = (c + t + year) % 3 !== 0;
          township.push(
            event(
              'YearClosed',
              {
                unitId,
                year,
                closedOn: `${year + 1}-01-10`,
                target: '5000000.00',
                actual: met ? '6000000.00' : '1000000.00',
                met,
                revises: false,
                reason: null,
              },
              `${year + 1}-01-10`,
              'assessor',
            ),
          );
        }
      }
      streams.push({ streamId: `township-${unitId}`, events: township });
    }
  }
  return streams;
}

/** One project's life, cut at a stage drawn from a realistic mix. */
/**
 * Projects that will produce are mostly plants and referred more often (85% against 60%); those in a
 * rewarded sector take their referrers in turn, so that every referrer has rewarded tax once there
 * are enough of them (all 10,000 referrers on the 2026-H1 statements at 1,000,000 events); the other
 * projects draw a referrer at random.
 */
interface Referring {
  referrers: number;
  /** Referred projects so far that will produce in a rewarded sector. */
  producing: number;
}

const SECTOR_MIX = ['primary', 'secondary', 'secondary', 'tertiary', 'real_estate'] as const;

function project(i: number, random: () => number, referring: Referring): GeneratedStream {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const c = Math.floor(random() * COUNTIES);
  const unitId = random() < 0.2 ? `county-${c}` : `town-${c}-${Math.floor(random() * TOWNSHIPS_PER_COUNTY)}`;
  const projectId = `bench-${i}`;
  const foreign = random() < 0.15;
  const money = (yuan: number) => (foreign ? usd(Math.max(1, Math.round(yuan / 71))) : cny(yuan));
  const leadOn = isoDay(dayMs('2019-01-01') + Math.floor(random() * 5 * 365) * DAY_MS);
  // The share of projects that get past each stage.
  const reach = random();
  const produces = reach >= 0.55;
  // Most projects that reach production are plants (primary, secondary); leads of every kind are not.
  const sector = produces ? pick(['primary', 'secondary', 'secondary', 'secondary', 'tertiary'] as const) : pick(SECTOR_MIX);
  const referred = random() < (produces ? 0.85 : 0.6);
  const drawn = Math.floor(random() * referring.referrers);
  const earning = produces && referred && sector !== 'tertiary';
  const referrerId = `ref-${earning ? referring.producing++ % referring.referrers : drawn}`;
  const events: NewEvent[] = [
    event(
      'LeadRegistered',
      {
        projectId,
        name: `項目 ${i}`,
        investor: `投資方 ${i}`,
        origin: foreign ? 'foreign' : 'domestic',
        sector,
        plannedInvestment: money(10_000_000 + Math.floor(random() * 90) * 1_000_000),
        unitId,
        parkId: null,
        referrer: referred ? { referrerId, name: `引薦人 ${referrerId}`, kind: pick(['person', 'organization'] as const) } : null,
        leadOn,
        distinctFrom: null,
      },
      leadOn,
    ),
  ];
  const abandon = (on: string) => events.push(event('ProjectAbandoned', { reason: '投資方撤回', abandonedOn: on }, on, 'assessor'));
  if (reach < 0.12) return { streamId: `project-${projectId}`, events };
  if (reach < 0.18) {
    abandon(laterDay(leadOn, 60));
    return { streamId: `project-${projectId}`, events };
  }
  const signedOn = laterDay(leadOn, 30 + Math.floor(random() * 120));
  events.push(
    event(
      'ProjectSigned',
      { kind: random() < 0.8 ? 'contract' : 'intent', committedInvestment: money(8_000_000 + Math.floor(random() * 80) * 1_000_000), signedOn },
      signedOn,
    ),
  );
  let day = signedOn;
  const tranches = 1 + Math.floor(random() * 6);
  for (let k = 0; k < tranches; k++) {
    day = laterDay(day, 20 + Math.floor(random() * 60));
    events.push(event('FundingArrived', { amount: money(500_000 + Math.floor(random() * 50) * 100_000), bankReference: `B-${i}-${k}`, arrivedOn: day }, day));
  }
  if (reach < 0.28) return { streamId: `project-${projectId}`, events };
  if (reach < 0.31) {
    abandon(laterDay(day, 90));
    return { streamId: `project-${projectId}`, events };
  }
  const brokeGroundOn = laterDay(day, 30);
  events.push(event('GroundBroken', { brokeGroundOn }, brokeGroundOn));
  if (reach < 0.42) return { streamId: `project-${projectId}`, events };
  const completedOn = laterDay(brokeGroundOn, 180 + Math.floor(random() * 180));
  events.push(event('ProjectCompleted', { completedOn }, completedOn));
  if (random() < 0.5) {
    const total = 3_000_000 + Math.floor(random() * 30) * 100_000;
    const inspectedOn = laterDay(completedOn, 10);
    events.push(
      event(
        'FixedAssetsVerified',
        { plant: cny(total - 1_000_000), equipment: cny(600_000), land: cny(400_000), total: cny(total), inspectedOn, inspector: '驗收組' },
        inspectedOn,
        'assessor',
      ),
    );
  }
  if (reach < 0.55) return { streamId: `project-${projectId}`, events };
  const startedOn = laterDay(completedOn, 30);
  events.push(event('ProductionStarted', { startedOn }, startedOn));
  // Monthly tax from the month after production started, paid mid-month after it, up to the last day.
  let taxes = 0;
  for (let month = nextMonth(monthOf(startedOn)); `${nextMonth(month)}-15` <= LAST_DAY; month = nextMonth(month)) {
    const paidOn = `${nextMonth(month)}-15`;
    events.push(
      event('TaxPaid', { amount: cny(20_000 + Math.floor(random() * 200) * 500), taxMonth: month, paymentReference: `T-${i}-${month}`, paidOn }, paidOn),
    );
    taxes++;
  }
  if (taxes > 0 && random() < 0.05) abandon(LAST_DAY);
  return { streamId: `project-${projectId}`, events };
}

/** Streams of at least `events` events in all: the set-up, then projects until the count is reached. */
export function* generateLedger(events: number, options: { seed?: number; referrers?: number } = {}): Generator<GeneratedStream> {
  const random = seeded(options.seed ?? 20261201);
  const referring: Referring = { referrers: options.referrers ?? 10_000, producing: 0 };
  let count = 0;
  for (const stream of setUp()) {
    count += stream.events.length;
    yield stream;
  }
  for (let i = 0; count < events; i++) {
    const stream = project(i, random, referring);
    count += stream.events.length;
    yield stream;
  }
}

/** One event of a stream, to be appended on its own. */
export interface GeneratedEvent {
  streamId: string;
  event: NewEvent;
}

/**
 * Every event of `streams` in the order a ledger written over the years has them: by business date,
 * all streams interleaved (every month every producing project pays its tax). Each stream keeps its own
 * order: an event's key is the latest business date of its stream so far (a township's target is dated
 * before the previous year's closing), and the sort is stable, so equal keys keep the generation order.
 */
export function inTimeOrder(streams: Iterable<GeneratedStream>): GeneratedEvent[] {
  const keyed: { on: string; streamId: string; event: NewEvent }[] = [];
  for (const { streamId, events } of streams) {
    let on = '';
    for (const event of events) {
      if (event.occurredOn > on) on = event.occurredOn;
      keyed.push({ on, streamId, event });
    }
  }
  return keyed.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
}
