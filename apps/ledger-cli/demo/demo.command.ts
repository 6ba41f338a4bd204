/** `npm run ledger -- demo`: records the demo plan through the real command handlers, as its users would. */
import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { IssueAssessmentPolicyCommand } from '../../../libs/assessment/commands/issue-policy.js';
import type { EventStore } from '../../../libs/event-store/index.js';
import { fromFen, toFen } from '../../../libs/kernel/index.js';
import { CliUsageError, type CliCommand } from '../../../libs/platform/cli/cli-command.js';
import { ProgressBar } from '../../../libs/platform/cli/progress.js';
import { Clock } from '../../../libs/platform/clock.js';
import type { WriteContext } from '../../../libs/platform/commands/write-context.js';
import { EVENT_STORE } from '../../../libs/platform/injection.js';
import type { Principal } from '../../../libs/platform/tokens.js';
import { RecordProjectFactCommand } from '../../../libs/projects/commands/record-project-fact.js';
import { RegisterLeadCommand } from '../../../libs/projects/commands/register-lead.js';
import { RegisterUnitCommand } from '../../../libs/projects/commands/register-unit.js';
import { RegisterParkCommand } from '../../../libs/projects/commands/register-park.js';
import { CloseYearCommand, type YearClosedAnswer } from '../../../libs/townships/commands/close-year.js';
import { RecordTownshipFactCommand } from '../../../libs/townships/commands/record-township-fact.js';
import { IssueRewardPolicyCommand, RepealRewardPolicyCommand } from '../../../libs/rewards/commands/policy-commands.js';
import { RecordPayoutCommand, type PayoutWritten } from '../../../libs/rewards/commands/record-payout.js';
import { GetPeriodStatementsQuery } from '../../../libs/rewards/queries/statement-queries.js';
import { DEMO_LAST_DAY, demoPlan, type DemoActor, type DemoStep } from './demo-plan.js';

const PRINCIPALS: Record<DemoActor, Principal> = {
  admin: { actor: 'demo.admin', role: 'admin', unitId: null },
  recorder: { actor: 'demo.recorder', role: 'recorder', unitId: null },
  assessor: { actor: 'demo.assessor', role: 'assessor', unitId: null },
  finance: { actor: 'demo.finance', role: 'finance', unitId: null },
};

export interface DemoReport {
  /** Demo key → the project id the ledger gave it. */
  projects: Map<string, string>;
  closings: (YearClosedAnswer & { unitId: string })[];
  /** Every referrer payout, in the order finance recorded them. */
  payouts: PayoutWritten[];
  /** The first project a void corrected, and an instant just before that void: a replay there still shows the mistake. */
  beforeVoid?: { projectId: string; asOf: string };
}

export async function loadDemo(app: INestApplicationContext, steps: readonly DemoStep[], onStep?: (done: number) => void): Promise<DemoReport> {
  const bus = app.get(CommandBus);
  const projects = new Map<string, string>();
  const facts = new Map<string, string>();
  const policies = new Map<string, string>();
  const closings: DemoReport['closings'] = [];
  const payouts: PayoutWritten[] = [];
  let beforeVoid: DemoReport['beforeVoid'];
  const projectId = (key: string) => projects.get(key)!;
  for (const [i, step] of steps.entries()) {
    const as = (actor: DemoActor): WriteContext => ({ principal: PRINCIPALS[actor], requestHash: `demo-step-${i}` });
    switch (step.kind) {
      case 'unit':
        await bus.execute(new RegisterUnitCommand(step.unit, as('admin')));
        break;
      case 'park':
        await bus.execute(new RegisterParkCommand(step.park, as('admin')));
        break;
      case 'assessment-policy':
        await bus.execute(new IssueAssessmentPolicyCommand(step.policy, as('admin')));
        break;
      case 'township':
        await bus.execute(new RecordTownshipFactCommand(step.command, as(step.command.type === 'SetAnnualTarget' ? 'assessor' : 'admin')));
        break;
      case 'lead': {
        const written = await bus.execute(new RegisterLeadCommand(step.lead, as('recorder')));
        projects.set(step.project, written.projectId);
        break;
      }
      case 'fact': {
        const written = await bus.execute(new RecordProjectFactCommand(projectId(step.project), step.command, as(step.as)));
        if (step.label) facts.set(step.label, written.eventId);
        break;
      }
      case 'void':
        beforeVoid ??= { projectId: projectId(step.project), asOf: app.get(Clock).now().toISOString() };
        await bus.execute(
          new RecordProjectFactCommand(
            projectId(step.project),
            { type: 'VoidFact', eventId: facts.get(step.voids)!, reason: step.reason, on: step.on },
            as('recorder'),
          ),
        );
        break;
      case 'close-year': {
        const answer = await bus.execute(new CloseYearCommand(step.unitId, step.year, step.closedOn, false, null, as('assessor')));
        closings.push({ unitId: step.unitId, ...answer });
        break;
      }
      case 'reward-policy': {
        const written = await bus.execute(new IssueRewardPolicyCommand(step.policy, as('admin')));
        policies.set(step.key, written.policyId);
        break;
      }
      case 'repeal-reward-policy':
        await bus.execute(
          new RepealRewardPolicyCommand({ policyId: policies.get(step.policy)!, repealedFrom: step.repealedFrom, reason: step.reason }, as('admin')),
        );
        break;
      case 'payouts': {
        // As finance would: read the half year's statements, pay each positive total exactly.
        const due = await app.get(QueryBus).execute(new GetPeriodStatementsQuery(step.period));
        for (const { referrerId, total, paid } of due.statements) {
          if (paid !== null || toFen(total.amount) <= 0n) continue;
          const payout = { referrerId, period: step.period, amount: total, paymentReference: `DZ-FIN-${step.period}-${referrerId}`, paidOn: step.paidOn };
          payouts.push(await bus.execute(new RecordPayoutCommand(payout, as('finance'))));
        }
        break;
      }
    }
    onStep?.(i + 1);
  }
  return { projects, closings, payouts, beforeVoid };
}

const wan = (amount: string) => `${fromFen(toFen(amount) / 10_000n)}萬`;

export const demoCommand: CliCommand = {
  name: 'demo',
  usage: 'demo',
  access: 'write',
  describe: 'load a realistic sample ledger (units, officials, two dozen projects, a failing township, referrer rewards) into an empty ledger',
  async run(app, _args, io) {
    const store = app.get<symbol, EventStore>(EVENT_STORE);
    if ((await store.headPosition()) > 0)
      throw new CliUsageError('the demo loads only into an empty ledger: point LEDGER_DATA_DIR at a new directory and run init there');
    const today = app.get(Clock).today();
    if (today < DEMO_LAST_DAY) throw new CliUsageError(`the demo records facts up to ${DEMO_LAST_DAY}, after the ledger's today (${today})`);
    const steps = demoPlan();
    const bar = new ProgressBar('loading the demo', io.err);
    const report = await loadDemo(app, steps, (done) => bar.update(done, steps.length));
    bar.done();
    io.out.write(`recorded ${await store.headPosition()} events: ${report.projects.size} projects, their units and townships\n\nyear closings:\n`);
    for (const c of report.closings) {
      const verdict = c.met ? 'met' : c.exited ? 'NOT met, exits the key-support list' : 'NOT met';
      io.out.write(
        `  ${c.unitId.padEnd(20)} ${c.year}  target ${wan(c.target.amount).padStart(12)}  actual ${wan(c.actual.amount).padStart(12)}  ${verdict}\n`,
      );
    }
    io.out.write('\nreferrer payouts:\n');
    for (const p of report.payouts) io.out.write(`  ${p.referrerId.padEnd(20)} ${p.period}  ${p.total.amount.padStart(12)} CNY  paid ${p.paid!.paidOn}\n`);
    io.out.write(
      `\ntry:\n  npm run ledger -- verify\n  npm run ledger -- replay ${report.projects.get('jinhao')}\n` +
        (report.beforeVoid ? `  npm run ledger -- replay ${report.beforeVoid.projectId} --as-of ${report.beforeVoid.asOf}   # before its void\n` : '') +
        `  npm run ledger -- promotion-bans --format csv --active-on 2026-06-30\n` +
        `  npm run ledger -- statements 2026-H1 --format csv --lang en   # adjustments for a late tax and a void\n`,
    );
    return 0;
  },
};
