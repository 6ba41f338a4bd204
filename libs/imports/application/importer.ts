/**
 * Imports as one feature for the API and the CLI: a dry run that reports every row's problems and
 * what would be recorded, deciding each row with the projects' own pure decider against the ledger as
 * it stands (nothing appended); then a commit through the same command handlers on the CommandBus, each
 * command with an idempotency key derived from its row, so the same file again adds nothing. Runs in
 * the server: one request per file, not one per row.
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Conflict, Forbidden, NotFound, RuleViolation, canonicalJson } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/index.js';
import { READ_DB } from '../../platform/injection.js';
import { StreamWriter } from '../../platform/commands/stream-writer.js';
import type { WriteContext } from '../../platform/commands/write-context.js';
import type { Principal } from '../../platform/tokens.js';
import {
  PROJECT_ROLES,
  RecordProjectFactCommand,
  RegisterLeadCommand,
  decide,
  enterpriseKey,
  evolve,
  findPark,
  findUnit,
  isProjectEvent,
  isWithin,
  liveDuplicates,
  liveProjectsWithCreditCode,
  nameKey,
  projectStreamId,
  readProject,
  slipKey,
  type LeadRequest,
  type ProjectCommand,
  type ProjectEvent,
  type ProjectState,
  type ProjectWritten,
} from '../../projects/index.js';
import {
  STEP_COLUMNS,
  STEP_NAMES,
  columnHeader,
  ledgerRecords,
  readRows,
  taxRecords,
  type LedgerRecord,
  type ProjectFact,
  type RowProblem,
  type TaxRecord,
} from '../domain/rows.js';
import type { ImportKind } from '../domain/templates.js';
import { readGrid } from './workbook.js';

export type RowAction = 'record' | 'replay' | 'skip';

export interface ImportItem {
  row: number;
  action: RowAction;
  projectId: string | null;
  /** What the row records (or recorded), in Chinese: 登记线索、签约、开工 … */
  steps: string[];
  note: string | null;
}

export interface ImportReport {
  kind: ImportKind;
  /** Whether this answer recorded anything (false for a dry run). */
  committed: boolean;
  rows: number;
  problems: RowProblem[];
  counts: { record: number; replay: number; skip: number };
  /** Events the file would record (dry run) or recorded (commit). */
  events: number;
  items: ImportItem[];
}

export type Progress = (done: number, total: number) => void;

/** Rows of one project run in order; projects run side by side (group commit makes them durable together). */
const PARALLEL_PROJECTS = 16;

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

interface Step {
  command: LeadRequest | ProjectFact;
  write: WriteContext;
  /** Already recorded under this key by an earlier run of the file. */
  replayed: boolean;
}

interface PlannedRow {
  item: ImportItem;
  /** Null for a row that records nothing. */
  projectId: string | null;
  steps: Step[];
}

interface Plan {
  report: ImportReport;
  /** Rows to record, grouped by project (a new lead's row alone), in file order within a group. */
  groups: PlannedRow[][];
}

@Injectable()
export class Importer {
  constructor(
    private readonly commands: CommandBus,
    private readonly writer: StreamWriter,
    @Inject(READ_DB) private readonly db: ReadDb,
  ) {}

  async dryRun(kind: ImportKind, file: Buffer, principal: Principal): Promise<ImportReport> {
    return (await this.plan(kind, file, principal)).report;
  }

  /** Refuses the whole file (422, every problem listed) unless its dry run is clean; then records it. */
  async commit(kind: ImportKind, file: Buffer, principal: Principal, onProgress?: Progress): Promise<ImportReport> {
    const { report, groups } = await this.plan(kind, file, principal);
    if (report.problems.length > 0) throw new ImportRefused(report);
    const total = groups.reduce((n, g) => n + g.length, 0);
    let done = 0;
    let events = 0;
    const late: RowProblem[] = [];
    const queue = [...groups];
    const worker = async () => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        for (const row of group) {
          try {
            const recorded = await this.record(row);
            events += recorded;
          } catch (error) {
            // Decided clean a moment ago: something changed in between (a clerk's write). The rows before
            // stay recorded; re-sending the file completes it. The project's later rows wait for that.
            if (!(error instanceof RuleViolation || error instanceof Conflict || error instanceof Forbidden || error instanceof NotFound)) throw error;
            late.push({ row: row.item.row, column: '', message: `未记录：${error.message}` });
            break;
          } finally {
            onProgress?.(++done, total);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_PROJECTS, queue.length) }, worker));
    return { ...report, committed: true, events, problems: late };
  }

  private async record(row: PlannedRow): Promise<number> {
    let projectId = row.projectId;
    let recorded = 0;
    for (const step of row.steps) {
      if (step.replayed) continue;
      const answer: ProjectWritten =
        step.command.type === 'RegisterLead'
          ? await this.commands.execute(new RegisterLeadCommand(step.command, step.write))
          : await this.commands.execute(new RecordProjectFactCommand(projectId!, step.command, step.write));
      projectId = answer.projectId;
      recorded++;
    }
    row.item.projectId = projectId;
    return recorded;
  }

  private async plan(kind: ImportKind, file: Buffer, principal: Principal): Promise<Plan> {
    const { rows, problems } = readRows(kind, await readGrid(file));
    const planned = kind === 'ledger' ? await this.planLedger(ledgerRecords(rows), principal) : await this.planTax(taxRecords(rows), principal);
    const all = [...problems, ...planned.problems].sort((a, b) => a.row - b.row);
    const items = planned.groups
      .flat()
      .map((r) => r.item)
      .concat(planned.skipped)
      .sort((a, b) => a.row - b.row);
    const count = (action: RowAction) => items.filter((i) => i.action === action).length;
    const events = planned.groups.flat().reduce((n, r) => n + r.steps.filter((s) => !s.replayed).length, 0);
    return {
      report: {
        kind,
        committed: false,
        rows: rows.length,
        problems: all,
        counts: { record: count('record'), replay: count('replay'), skip: count('skip') },
        events,
        items,
      },
      groups: planned.groups,
    };
  }

  private write(principal: Principal, key: string, body: unknown): WriteContext {
    return { principal, idempotencyKey: key, requestHash: sha(`import ${key} ${canonicalJson(body as never)}`) };
  }

  /** The earlier run's events for this key, or null; a key reused with another row is that row's problem. */
  private async replayed(write: WriteContext): Promise<boolean> {
    return (await this.writer.replayed(write)) !== null;
  }

  private allowed(principal: Principal, type: ProjectCommand['type']): boolean {
    return (PROJECT_ROLES[type] as readonly string[]).includes(principal.role);
  }

  private async planLedger({ records, problems }: { records: LedgerRecord[]; problems: RowProblem[] }, principal: Principal) {
    const groups: PlannedRow[][] = [];
    const skipped: ImportItem[] = [];
    const seen = new Map<string, number>();
    const today = this.writer.today();
    for (const record of records) {
      const problem = (column: string | undefined, message: string) => problems.push({ row: record.row, column: columnHeader('ledger', column), message });
      const { lead, facts } = record;
      const identity = `${nameKey(lead.name)}|${lead.creditCode ?? enterpriseKey(lead.investor)}`;
      if (seen.has(identity)) {
        problem('name', `与第 ${seen.get(identity)} 行是同一项目（投资方与项目名称相同）`);
        continue;
      }
      seen.set(identity, record.row);
      const base = `import:ledger:${sha(`${identity}|${lead.unitId}`).slice(0, 32)}`;
      const steps = [lead, ...facts].map((command, i): Step => ({
        command,
        write: this.write(principal, `${base}:${i === 0 ? 'lead' : command.type}`, command),
        replayed: false,
      }));
      const names = steps.map((s) => STEP_NAMES[s.command.type]);
      try {
        for (const step of steps) step.replayed = await this.replayed(step.write);
      } catch (error) {
        if (!(error instanceof Conflict)) throw error;
        problem(undefined, '此行与此前导入的同一项目内容不同：已记录的内容请在台账中更正，不能重新导入');
        continue;
      }
      const refused = steps.find((s) => !s.replayed && !this.allowed(principal, s.command.type));
      if (refused) {
        problem(STEP_COLUMNS[refused.command.type], `${principal.role} 角色无权${STEP_NAMES[refused.command.type]}`);
        continue;
      }
      if (steps[0].replayed) {
        const projectId = await this.projectOfLead(steps[0].write);
        const state = await this.writer.fold<ProjectState, ProjectEvent>(projectStreamId(projectId), null, evolve, isProjectEvent);
        if (!this.decideInMemory(state.state, steps.slice(1), today, (s, m) => problem(STEP_COLUMNS[s.command.type], m))) continue;
        const item: ImportItem = { row: record.row, action: steps.every((s) => s.replayed) ? 'replay' : 'record', projectId, steps: names, note: null };
        groups.push([{ item, projectId, steps }]);
        continue;
      }
      if (!findUnit(this.db, lead.unitId)) problem('unitId', `认定单位 ${lead.unitId} 未登记`);
      else if (principal.unitId && !isWithin(this.db, lead.unitId, principal.unitId)) problem('unitId', `只能导入 ${principal.unitId} 及其下属单位的项目`);
      if (lead.parkId && !findPark(this.db, lead.parkId)) problem('parkId', `园区 ${lead.parkId} 未登记`);
      if (problems.some((p) => p.row === record.row)) continue;
      const duplicate = liveDuplicates(this.db, lead)[0];
      if (duplicate) {
        skipped.push({
          row: record.row,
          action: 'skip',
          projectId: duplicate,
          steps: [],
          note: `台账中已有该项目（${duplicate}），跳过；需要补录的进展请在该项目上登记`,
        });
        continue;
      }
      const leadDecision = decide({ ...lead, projectId: '00000000-0000-4000-8000-000000000000', registeredBy: principal.role }, null, today);
      if (leadDecision instanceof RuleViolation) {
        problem(STEP_COLUMNS.RegisterLead, leadDecision.message);
        continue;
      }
      const afterLead = evolve(null, leadDecision[0], { eventId: `row-${record.row}-0`, revision: 0 });
      if (!this.decideInMemory(afterLead, steps.slice(1), today, (s, m) => problem(STEP_COLUMNS[s.command.type], m))) continue;
      groups.push([{ item: { row: record.row, action: 'record', projectId: null, steps: names, note: null }, projectId: null, steps }]);
    }
    return { groups, skipped, problems };
  }

  private async projectOfLead(write: WriteContext): Promise<string> {
    const events = await this.writer.replayed(write);
    return events![0].streamId.slice('project-'.length);
  }

  /**
   * Decides each step not yet recorded against the folded state, evolving it in memory as the store
   * would: a refusal is the row's problem (false); a slip already counted is a refusal too.
   */
  private decideInMemory(state: ProjectState, steps: Step[], today: string, refuse: (step: Step, message: string) => void): boolean {
    let current = state;
    let revision = current?.revision ?? -1;
    for (const step of steps) {
      if (step.replayed || step.command.type === 'RegisterLead') continue;
      let decision;
      try {
        decision = decide(step.command, current, today);
      } catch (error) {
        if (!(error instanceof Conflict)) throw error;
        refuse(step, error.message);
        return false;
      }
      if (decision instanceof RuleViolation) {
        refuse(step, `${STEP_NAMES[step.command.type]}：${decision.message}`);
        return false;
      }
      for (const event of decision) current = evolve(current, event, { eventId: `dry-run-${++revision}`, revision });
    }
    return true;
  }

  private async planTax({ records, problems }: { records: TaxRecord[]; problems: RowProblem[] }, principal: Principal) {
    const skipped: ImportItem[] = [];
    const byProject = new Map<string, { record: TaxRecord; step: Step }[]>();
    const codeCache = new Map<string, string[]>();
    for (const record of records) {
      const problem = (column: string, message: string) => problems.push({ row: record.row, column: columnHeader('tax', column), message });
      let projectId = record.projectId;
      if (projectId === null) {
        const code = record.creditCode!;
        const found = codeCache.get(code) ?? liveProjectsWithCreditCode(this.db, code);
        codeCache.set(code, found);
        if (found.length === 0) {
          problem('creditCode', `台账中没有信用代码为 ${code} 的在册项目`);
          continue;
        }
        if (found.length > 1) {
          problem('projectId', `信用代码 ${code} 对应 ${found.length} 个项目，请填写项目编号`);
          continue;
        }
        projectId = found[0];
      }
      const project = readProject(this.db, projectId);
      if (!project) {
        problem('projectId', `台账中没有项目 ${projectId}`);
        continue;
      }
      if (record.creditCode !== null && project.creditCode !== null && project.creditCode !== record.creditCode) {
        problem('creditCode', `项目 ${projectId} 的信用代码是 ${project.creditCode}，与此行不符`);
        continue;
      }
      if (!this.allowed(principal, 'RecordTax')) {
        problem('paidOn', `${principal.role} 角色无权登记纳税`);
        continue;
      }
      if (principal.unitId && !isWithin(this.db, project.unitId, principal.unitId)) {
        problem('projectId', `只能导入 ${principal.unitId} 及其下属单位的项目`);
        continue;
      }
      const key = `import:tax:${projectId}:${sha(slipKey(record.command.paymentReference)).slice(0, 32)}`;
      const step: Step = { command: record.command, write: this.write(principal, key, { projectId, command: record.command }), replayed: false };
      const list = byProject.get(projectId) ?? [];
      list.push({ record, step });
      byProject.set(projectId, list);
    }
    const groups: PlannedRow[][] = [];
    const today = this.writer.today();
    for (const [projectId, rows] of byProject) {
      let { state } = await this.writer.fold<ProjectState, ProjectEvent>(projectStreamId(projectId), null, evolve, isProjectEvent);
      let revision = state?.revision ?? -1;
      const group: PlannedRow[] = [];
      for (const { record, step } of rows) {
        const problem = (column: string, message: string) => problems.push({ row: record.row, column: columnHeader('tax', column), message });
        try {
          step.replayed = await this.replayed(step.write);
        } catch (error) {
          if (!(error instanceof Conflict)) throw error;
          problem('paymentReference', '同一凭证此前已导入过不同的内容，请核对后在台账中更正');
          continue;
        }
        const item: ImportItem = { row: record.row, action: step.replayed ? 'replay' : 'record', projectId, steps: [STEP_NAMES.RecordTax], note: null };
        if (step.replayed) {
          group.push({ item, projectId, steps: [step] });
          continue;
        }
        let decision;
        try {
          decision = decide(record.command, state, today);
        } catch (error) {
          if (!(error instanceof Conflict)) throw error;
          skipped.push({ ...item, action: 'skip', steps: [], note: `该凭证已记录（${String(error.details.eventId)}），跳过` });
          continue;
        }
        if (decision instanceof RuleViolation) {
          problem(STEP_COLUMNS.RecordTax!, `纳税：${decision.message}`);
          continue;
        }
        for (const event of decision) state = evolve(state, event, { eventId: `dry-run-${++revision}`, revision });
        group.push({ item, projectId, steps: [step] });
      }
      if (group.length > 0) groups.push(group);
    }
    return { groups, skipped, problems };
  }
}

/** A commit refused because its dry run found problems: 422 with every problem. */
export class ImportRefused extends RuleViolation {
  constructor(readonly report: ImportReport) {
    super('import-has-problems', `文件有 ${report.problems.length} 处问题，未导入任何内容；请按 problems 逐行修改后重新上传`, { problems: report.problems });
  }
}
