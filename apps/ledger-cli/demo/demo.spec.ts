import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule, QueryBus } from '@nestjs/cqrs';
import { AssessmentModule, assessmentProjections } from '../../../libs/assessment/index.js';
import { replayProject } from '../../../libs/audit/application/as-of.js';
import { verifyLedger } from '../../../libs/audit/application/ledger-audit.js';
import type { EventStore } from '../../../libs/event-store/index.js';
import { toFen, type Money } from '../../../libs/kernel/index.js';
import { Clock } from '../../../libs/platform/clock.js';
import { loadConfig } from '../../../libs/platform/config.js';
import { EVENT_STORE, READ_DB } from '../../../libs/platform/injection.js';
import type { ReadDb } from '../../../libs/projector/index.js';
import { LedgerCoreModule } from '../../../libs/platform/ledger-core.module.js';
import { CliUsageError, parseCommandLine } from '../../../libs/platform/cli/cli-command.js';
import { ProjectsModule, projectsProjections } from '../../../libs/projects/index.js';
import { RewardsModule, exportStatementsCommand, rewardsProjections, type StatementJson } from '../../../libs/rewards/index.js';
import { GetPeriodStatementsQuery } from '../../../libs/rewards/queries/statement-queries.js';
import { TownshipsModule, townshipsProjections } from '../../../libs/townships/index.js';
import { DEMO_LAST_DAY, demoPlan } from './demo-plan.js';
import { demoCommand, loadDemo, type DemoReport } from './demo.command.js';

/** Today is the demo's last day, so the deciders themselves check that nothing is dated after it. */
class LastDayClock extends Clock {
  now(): Date {
    return new Date();
  }
  today(): string {
    return DEMO_LAST_DAY;
  }
}

@Module({})
class DemoTestModule {
  static forDir(dir: string): DynamicModule {
    return {
      module: DemoTestModule,
      imports: [
        CqrsModule.forRoot(),
        LedgerCoreModule.forRoot({
          config: loadConfig({ LEDGER_DATA_DIR: dir }),
          clock: new LastDayClock(),
          projections: [...projectsProjections(), ...townshipsProjections(), ...assessmentProjections(), ...rewardsProjections()],
          tokens: false,
        }),
        AssessmentModule,
        ProjectsModule,
        TownshipsModule,
        RewardsModule,
      ],
    };
  }
}

describe('the demo plan', () => {
  const plan = demoPlan();

  it('is the same on every run', () => {
    expect(demoPlan()).toEqual(plan);
    expect(demoPlan(7)).not.toEqual(plan);
  });

  it('has two dozen projects and a life for each', () => {
    expect(plan.filter((s) => s.kind === 'lead')).toHaveLength(25);
    expect(plan.filter((s) => s.kind === 'fact' && s.command.type === 'RecordTax').length).toBeGreaterThan(60);
  });
});

describe('loading the demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-demo-'));
  let app: INestApplicationContext;
  let report: DemoReport;
  beforeAll(async () => {
    app = await NestFactory.createApplicationContext(DemoTestModule.forDir(dir), { logger: false });
    report = await loadDemo(app, demoPlan());
  }, 120_000);
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records through the real handlers a ledger that verifies', async () => {
    const store = app.get<symbol, EventStore>(EVENT_STORE);
    const verified = await verifyLedger(store);
    expect(verified.ok).toBe(true);
    expect(verified.eventsChecked).toBeGreaterThan(300);
  });

  it('has projects at every stage', async () => {
    const store = app.get<symbol, EventStore>(EVENT_STORE);
    const stages = new Set<string>();
    for (const id of report.projects.values()) stages.add((await replayProject(store, id)).state!.stage);
    expect([...stages].sort()).toEqual(['abandoned', 'completed', 'in_production', 'lead', 'signed', 'under_construction']);
  });

  it('has 菜屯鎮 fail two years running and exit, while the others meet their targets', () => {
    const verdicts = report.closings.map((c) => `${c.unitId} ${c.year} ${c.met ? 'met' : 'failed'}${c.exited ? ' exited' : ''}`);
    expect(verdicts).toEqual([
      'xiajin-zhengbaotun 2023 met',
      'chiping-boping 2023 met',
      'chiping-caitun 2023 failed',
      'xiajin-zhengbaotun 2024 met',
      'chiping-boping 2024 met',
      'chiping-caitun 2024 failed exited',
      'xiajin-zhengbaotun 2025 met',
      'chiping-boping 2025 met',
      'chiping-caitun 2025 failed',
    ]);
  });

  const statementsOf = async (period: string) => app.get(QueryBus).execute(new GetPeriodStatementsQuery(period));
  const statementOf = async (period: string, referrerId: string): Promise<StatementJson | undefined> =>
    (await statementsOf(period)).statements.find((s) => s.referrerId === referrerId);
  const fen = (m: Money) => toFen(m.amount);

  it('issues 慶雲縣 policies, a 3% one capped at 500萬 and a 2% one, both repealed from 2026-07-01', () => {
    const db = app.get<symbol, ReadDb>(READ_DB);
    const policies = db.prepare('SELECT rate_bps, effective_from, lifetime_cap, repealed_from FROM rewards_policies ORDER BY effective_from').all();
    expect(policies).toEqual([
      { rate_bps: 300, effective_from: '2023-01-01', lifetime_cap: '5000000.00', repealed_from: '2026-07-01' },
      { rate_bps: 200, effective_from: '2025-01-01', lifetime_cap: null, repealed_from: '2026-07-01' },
    ]);
  });

  it('pays every half year each referrer with a reward, for exactly the statement total', async () => {
    expect(report.payouts.map((p) => `${p.period} ${p.referrerId} ${p.paid?.paidOn}`)).toEqual([
      '2024-H2 ref-zhang-lixin 2025-01-20',
      '2025-H1 ref-chen-zhigang 2025-07-20',
      '2025-H1 ref-huafang-group 2025-07-20',
      '2025-H1 ref-zhang-lixin 2025-07-20',
      '2025-H2 ref-chen-zhigang 2026-01-20',
      '2025-H2 ref-huafang-group 2026-01-20',
      '2025-H2 ref-zhang-lixin 2026-01-20',
    ]);
    for (const p of report.payouts) {
      expect(p.paid?.amount).toEqual(p.total);
      expect(fen(p.total)).toBe(p.lines.reduce((sum, l) => sum + fen(l.reward), 0n));
      // Paid statements are frozen: the late tax and the void did not change them.
      expect(await statementOf(p.period, p.referrerId)).toEqual({ ...p, eventId: undefined, revision: undefined });
    }
  });

  it('keeps each referral at the rate it locked; referrals from before the first policy earn nothing', async () => {
    const paid = await statementsOf('2025-H2');
    expect(paid.statements.map((s) => [s.referrerId, s.lines.map((l) => [l.projectId, l.rateBps])])).toEqual([
      // 永鋒's referrer was named in 2025, under the 2% policy; 恒豐's (以商引商) and 金鑼's in 2023, at 3%.
      ['ref-chen-zhigang', [[report.projects.get('yongfeng'), 200]]],
      ['ref-huafang-group', [[report.projects.get('hengfeng'), 300]]],
      ['ref-zhang-lixin', [[report.projects.get('jinluo'), 300]]],
    ]);
  });

  it('puts the late tax and the void after the 2025-H2 payout as adjustments on the open 2026-H1 statement', async () => {
    const jinluo = report.projects.get('jinluo')!;
    const next = (await statementOf('2026-H1', 'ref-zhang-lixin'))!;
    expect(next.paid).toBeNull();
    expect(next.lines.map((l) => l.projectId)).toEqual([jinluo]);
    expect(next.adjustments.map((a) => [a.projectId, a.forPeriod, a.reason])).toEqual([
      [jinluo, '2025-H1', 'overpaid'],
      [jinluo, '2025-H2', 'underpaid'],
    ]);
    const [voided, late] = next.adjustments;
    expect(fen(voided.amount)).toBeLessThan(0n);
    expect(late.amount.amount).toBe('5592.00'); // 3% of the 186,400.00 paid late
    expect(fen(next.total)).toBe(fen(next.lines[0].reward) + fen(voided.amount) + fen(late.amount));

    const args = parseCommandLine(exportStatementsCommand, ['2026-H1', '--format', 'csv']);
    const io = { out: new PassThrough(), err: new PassThrough() };
    await expect(exportStatementsCommand.run(app, args, io)).resolves.toBe(0);
    const csv = String(io.out.read());
    expect(csv).toContain(`2026-H1,ref-zhang-lixin,張立新,调整,${jinluo},肉製品加工項目,臨沂金鑼集團,2025-H2,,,5592.00,补发`);
    expect(csv).toContain(`2026-H1,ref-zhang-lixin,張立新,调整,${jinluo},肉製品加工項目,臨沂金鑼集團,2025-H1,,,${voided.amount.amount},扣回`);
  });

  it('refuses to load twice', async () => {
    const args = parseCommandLine(demoCommand, []);
    const io = { out: new PassThrough(), err: new PassThrough() };
    await expect(demoCommand.run(app, args, io)).rejects.toThrow(CliUsageError);
  });
});
