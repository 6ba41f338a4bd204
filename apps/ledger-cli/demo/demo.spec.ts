import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { AssessmentModule, assessmentProjections } from '../../../libs/assessment/index.js';
import { replayProject } from '../../../libs/audit/application/as-of.js';
import { verifyLedger } from '../../../libs/audit/application/ledger-audit.js';
import type { EventStore } from '../../../libs/event-store/index.js';
import { Clock } from '../../../libs/platform/clock.js';
import { loadConfig } from '../../../libs/platform/config.js';
import { EVENT_STORE } from '../../../libs/platform/injection.js';
import { LedgerCoreModule } from '../../../libs/platform/ledger-core.module.js';
import { CliUsageError, parseArgs } from '../../../libs/platform/cli/cli-command.js';
import { ProjectsModule, projectsProjections } from '../../../libs/projects/index.js';
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
          projections: [...projectsProjections(), ...townshipsProjections(), ...assessmentProjections()],
          tokens: false,
        }),
        AssessmentModule,
        ProjectsModule,
        TownshipsModule,
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
    report = await loadDemo(app.get(CommandBus), demoPlan());
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

  it('refuses to load twice', async () => {
    const { args } = parseArgs(['demo']);
    const io = { out: new PassThrough(), err: new PassThrough() };
    await expect(demoCommand.run(app, args, io)).rejects.toThrow(CliUsageError);
  });
});
