/**
 * `npm run bench` (never part of `npm test`): the ledger's throughput and latency beside the ceilings
 * measured in the same run, as a table and as bench/results.json. See BENCHMARKS.md.
 *
 *   npm run bench -- [--only=http,store,accounts,rebuild,reads,adapters,audit] [--events=1000000] [--runs=3]
 *
 * Sections that need a clean process (rebuild, peak RSS, servers) run as children of this script.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveAdapter } from './adapters.bench.js';
import { auditStallBench } from './audit-stall.bench.js';
import { credentialsBench } from './credentials.bench.js';
import { CLIENTS, freePort, hammer, projectsInProduction, serveBare, serveLedger, startChild, stopChild, type HttpRun } from './http.bench.js';
import { readLatencies, type ReadLatencies } from './reads.bench.js';
import { fill, rate, rawRead, rebuild, type LedgerOrder, type StepResult } from './rebuild.bench.js';
import { storeBench } from './store.bench.js';
import { inChild, inTempDir, median, type Figure } from './support.js';

const flag = (name: string, fallback: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

function ledgerOrder(order: string): LedgerOrder {
  if (order === 'time' || order === 'stream') return order;
  throw new Error(`fill: the order is time or stream, not ${order}`);
}

async function child(command: string, args: string[]): Promise<void> {
  const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  if (command === 'fill') print(await fill(args[0], Number(args[1]), ledgerOrder(args[2])));
  else if (command === 'raw-read') print(rawRead(args[0]));
  else if (command === 'rebuild') print(await rebuild(args[0], args.slice(1)));
  else if (command === 'reads') print(await readLatencies(args[0]));
  else if (command === 'serve-ledger') await serveLedger(args[0], Number(args[1]));
  else if (command === 'serve-bare') serveBare(Number(args[0]));
  else if (command === 'serve-express' || command === 'serve-fastify') await serveAdapter(command === 'serve-express' ? 'express' : 'fastify', Number(args[0]));
  else throw new Error(`unknown bench command ${command}`);
}

const medianRun = (runs: HttpRun[]): HttpRun => {
  const sorted = [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return {
    ...sorted[Math.floor(sorted.length / 2)],
    p99Ms: median(runs.map((r) => r.p99Ms)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    failed: Math.max(...runs.map((r) => r.failed)),
    cpuUsPerRequest: median(runs.map((r) => r.cpuUsPerRequest)),
  };
};

/**
 * Server CPU per request beside the bare server's: what throughput on an idle core would be, as a ratio, however
 * busy the machine (throughput under load measures the scheduler as much as the server).
 */
const cpuFigure = (section: string, name: string, r: HttpRun, ceiling: HttpRun): Figure => ({
  section,
  name: `${name}: server CPU per request`,
  value: r.cpuUsPerRequest,
  unit: 'µs',
  ceiling: ceiling.cpuUsPerRequest,
  ratio: ceiling.cpuUsPerRequest / r.cpuUsPerRequest,
});

async function httpSection(runs: number): Promise<Figure[]> {
  const bare: HttpRun[] = [];
  const many: HttpRun[] = [];
  const one: HttpRun[] = [];
  const quiet: HttpRun[] = [];
  for (let run = 0; run < runs; run++) {
    const port = await freePort();
    const server = await startChild(['serve-bare'], port);
    bare.push(
      await hammer(
        `http://127.0.0.1:${port}`,
        Array.from({ length: CLIENTS }, (_, i) => `p${i}`),
        server,
      ),
    );
    await stopChild(server);
    for (const [logs, into] of [
      ['info', many],
      ['silent', quiet],
    ] as const) {
      await inTempDir(async (dir) => {
        const ledgerPort = await freePort();
        const ledger = await startChild(['serve-ledger', dir], ledgerPort, { LEDGER_LOG_LEVEL: logs });
        const base = `http://127.0.0.1:${ledgerPort}`;
        const projects = await projectsInProduction(base, CLIENTS);
        into.push(await hammer(base, projects, ledger));
        if (logs === 'info') one.push(await hammer(base, projects.slice(0, 1), ledger));
        await stopChild(ledger);
      });
    }
  }
  const b = medianRun(bare);
  const section = 'http';
  const figures = (name: string, r: HttpRun, minRatio: number): Figure[] => [
    {
      section,
      name: `${name}: writes/s`,
      value: r.requestsPerSecond,
      unit: 'req/s',
      ceiling: b.requestsPerSecond,
      ratio: r.requestsPerSecond / b.requestsPerSecond,
      target: `>= ${minRatio}x bare`,
      met: r.requestsPerSecond / b.requestsPerSecond >= minRatio,
    },
    { section, name: `${name}: p50`, value: r.p50Ms, unit: 'ms', ceiling: b.p50Ms, ratio: r.p50Ms / b.p50Ms },
    {
      section,
      name: `${name}: p99`,
      value: r.p99Ms,
      unit: 'ms',
      ceiling: b.p99Ms,
      ratio: r.p99Ms / b.p99Ms,
      target: '<= 2x bare p99',
      met: r.p99Ms <= 2 * b.p99Ms,
    },
    { section, name: `${name}: failed writes (worst run)`, value: r.failed, unit: 'requests', target: '0', met: r.failed === 0 },
    cpuFigure(section, name, r, b),
  ];
  const m = medianRun(many);
  const q = medianRun(quiet);
  return [
    { section, name: `bare node:http JSON 201, ${CLIENTS} clients (ceiling)`, value: b.requestsPerSecond, unit: 'req/s' },
    { section, name: 'bare node:http: p50 / p99', value: b.p99Ms, unit: 'ms p99' },
    ...figures(`${CLIENTS} clients on ${CLIENTS} streams`, m, 0.5),
    ...figures(`${CLIENTS} clients on one stream`, medianRun(one), 0.3),
    {
      section,
      name: `${CLIENTS} streams, logs off (LEDGER_LOG_LEVEL=silent)`,
      value: q.requestsPerSecond,
      unit: 'req/s',
      ceiling: b.requestsPerSecond,
      ratio: q.requestsPerSecond / b.requestsPerSecond,
    },
    {
      section,
      name: 'access logs + metrics: cost in write throughput',
      value: 100 * (1 - m.requestsPerSecond / q.requestsPerSecond),
      unit: '%',
      target: '<= 5%',
      met: m.requestsPerSecond >= 0.95 * q.requestsPerSecond,
    },
    {
      section,
      name: 'access logs + metrics: cost in server CPU per write',
      value: 100 * (m.cpuUsPerRequest / q.cpuUsPerRequest - 1),
      unit: '%',
      target: '<= 5%',
      met: m.cpuUsPerRequest <= 1.05 * q.cpuUsPerRequest,
    },
  ];
}

/** The same minimal Nest route on express and on fastify, beside bare node:http (one run each, in turn). */
async function adapterSection(runs: number): Promise<Figure[]> {
  const measured: Record<string, HttpRun[]> = { bare: [], express: [], fastify: [] };
  const paths = Array.from({ length: CLIENTS }, (_, i) => `p${i}`);
  for (let run = 0; run < runs; run++) {
    for (const name of Object.keys(measured)) {
      const port = await freePort();
      const server = await startChild([`serve-${name}`], port);
      measured[name].push(await hammer(`http://127.0.0.1:${port}`, paths, server));
      await stopChild(server);
    }
  }
  const [bare, express, fastify] = ['bare', 'express', 'fastify'].map((n) => medianRun(measured[n]));
  const section = 'adapter';
  return [
    { section, name: 'bare node:http (ceiling)', value: bare.requestsPerSecond, unit: 'req/s' },
    {
      section,
      name: 'Nest + express, one validated POST route',
      value: express.requestsPerSecond,
      unit: 'req/s',
      ceiling: bare.requestsPerSecond,
      ratio: express.requestsPerSecond / bare.requestsPerSecond,
    },
    {
      section,
      name: 'Nest + fastify, the same route',
      value: fastify.requestsPerSecond,
      unit: 'req/s',
      ceiling: bare.requestsPerSecond,
      ratio: fastify.requestsPerSecond / bare.requestsPerSecond,
    },
    { section, name: 'fastify / express', value: fastify.requestsPerSecond / express.requestsPerSecond, unit: 'x' },
    { section, name: 'Nest + express p99', value: express.p99Ms, unit: 'ms', ceiling: bare.p99Ms, ratio: express.p99Ms / bare.p99Ms },
    { section, name: 'Nest + fastify p99', value: fastify.p99Ms, unit: 'ms', ceiling: bare.p99Ms, ratio: fastify.p99Ms / bare.p99Ms },
    cpuFigure(section, 'Nest + express', express, bare),
    cpuFigure(section, 'Nest + fastify', fastify, bare),
  ];
}

/** The old-space limit of the bounded rebuild (`--max-old-space-size`). */
const BOUNDED_HEAP_MB = 320;

/**
 * How each order is named in the figures: in time order, one event per append (as a ledger is
 * written); stream by stream, each stream's life in one append (as an import of history would).
 */
const ORDERS: Record<LedgerOrder, string> = { time: 'time order', stream: 'stream by stream' };

/** Writes a ledger of `events` generated events in `order` into `dir` (a child process); its figures. */
function fillFigures(dir: string, events: number, order: LedgerOrder): Figure[] {
  mkdirSync(dir);
  const step = inChild<StepResult>(['fill', dir, String(events), order]);
  const how = ORDERS[order];
  return [
    { section: 'rebuild', name: `${how}: generated ledger written (${step.events} events)`, value: rate(step), unit: 'events/s' },
    { section: 'rebuild', name: `${how}: writing it, peak RSS`, value: step.maxRssMb, unit: 'MB' },
  ];
}

/** The step of median rate among `steps`, with the highest peak RSS of them all (the one a machine must hold). */
function medianStep(steps: StepResult[]): StepResult {
  const sorted = [...steps].sort((a, b) => rate(a) - rate(b));
  return { ...sorted[Math.floor((sorted.length - 1) / 2)], maxRssMb: Math.max(...steps.map((s) => s.maxRssMb)) };
}

/**
 * Every read model rebuilt from the ledger in `dir`, beside the raw read of the same rows measured just
 * before it, `runs` times each (alternating): the median of each. The figures of the time-ordered
 * ledger carry the targets.
 */
function rebuildFigures(dir: string, order: LedgerOrder, runs: number): Figure[] {
  const section = 'rebuild';
  const how = ORDERS[order];
  const targets = order === 'time';
  const raws: StepResult[] = [];
  const rebuilds: StepResult[] = [];
  for (let run = 0; run < runs; run++) {
    raws.push(inChild<StepResult>(['raw-read', dir]));
    rebuilds.push(inChild<StepResult>(['rebuild', dir]));
  }
  const [raw, rebuilt] = [medianStep(raws), medianStep(rebuilds)];
  const ratio = rate(rebuilt) / rate(raw);
  return [
    { section, name: `${how}: read + JSON.parse every row (ceiling)`, value: rate(raw), unit: 'events/s' },
    {
      section,
      name: `${how}: rebuild of every read model, ${rebuilt.events} events (median of ${runs})`,
      value: rate(rebuilt),
      unit: 'events/s',
      ceiling: rate(raw),
      ratio,
      ...(targets && { target: '>= 100000/s and >= 0.4x', met: rate(rebuilt) >= 100_000 && ratio >= 0.4 }),
    },
    { section, name: `${how}: rebuild seconds`, value: rebuilt.ms / 1000, unit: 's' },
    {
      section,
      name: `${how}: rebuild peak RSS (highest of ${runs})`,
      value: rebuilt.maxRssMb,
      unit: 'MB',
      ...(targets && { target: '<= 512 MB', met: rebuilt.maxRssMb <= 512 }),
    },
    { section, name: `${how}: read ceiling peak RSS`, value: raw.maxRssMb, unit: 'MB' },
  ];
}

/**
 * The rebuild and the reads on the ledger written in time order (as a ledger is written over the
 * years: every month every producing project's tax), then the rebuild of the same events written
 * stream by stream, whose batches touch a few hundred projects instead of thousands.
 */
async function ledgerSections(events: number, only: Set<string>, runs: number): Promise<Figure[]> {
  return inTempDir(async (dir) => {
    const inTime = join(dir, 'time');
    const figures = fillFigures(inTime, events, 'time');
    if (only.has('rebuild')) {
      figures.push(...rebuildFigures(inTime, 'time', runs));
      // The same rebuild in a heap bounded as an operator would bound it: what it needs, where the first
      // lets V8 grow its heap with garbage while memory is free.
      const bounded = inChild<StepResult>(['rebuild', inTime], [`--max-old-space-size=${BOUNDED_HEAP_MB}`]);
      figures.push(
        { section: 'rebuild', name: `time order: rebuild, heap bounded at ${BOUNDED_HEAP_MB} MB: events/s`, value: rate(bounded), unit: 'events/s' },
        {
          section: 'rebuild',
          name: `time order: rebuild, heap bounded at ${BOUNDED_HEAP_MB} MB: peak RSS`,
          value: bounded.maxRssMb,
          unit: 'MB',
          target: '<= 512 MB',
          met: bounded.maxRssMb <= 512,
        },
      );
      const rewards = inChild<StepResult>(['rebuild', inTime, 'rewards']);
      figures.push({ section: 'rebuild', name: 'time order: rebuild of the rewards read model alone: seconds', value: rewards.ms / 1000, unit: 's' });
      const byStream = join(dir, 'stream');
      figures.push(...fillFigures(byStream, events, 'stream'), ...rebuildFigures(byStream, 'stream', 1));
    } else {
      inChild<StepResult>(['rebuild', inTime]);
    }
    if (only.has('reads')) {
      const reads = inChild<ReadLatencies>(['reads', inTime]);
      const section = 'reads';
      figures.push(
        {
          section,
          name: `project status read p99 (${reads.projects} projects)`,
          value: reads.statusP99Ms,
          unit: 'ms',
          target: '<= 5 ms',
          met: reads.statusP99Ms <= 5,
        },
        { section, name: 'project list page (50) p99', value: reads.listPageP99Ms, unit: 'ms' },
        {
          section,
          name: `half-year statements of ${reads.referrers} referrers p99`,
          value: reads.statementsP99Ms,
          unit: 'ms',
          target: '<= 500 ms',
          met: reads.statementsP99Ms <= 500,
        },
      );
    }
    return figures;
  });
}

function table(figures: Figure[]): string {
  const fmt = (n: number | undefined, digits = 0) => (n === undefined ? '' : n >= 100 ? n.toFixed(0) : n.toFixed(digits || 2));
  const rows = figures.map((f) => [
    f.met === undefined ? '    ' : f.met ? 'ok  ' : 'MISS',
    f.section.padEnd(8),
    f.name.padEnd(62),
    `${fmt(f.value)} ${f.unit}`.padStart(18),
    f.ceiling === undefined ? ''.padStart(12) : fmt(f.ceiling).padStart(12),
    f.ratio === undefined ? ''.padStart(7) : `${f.ratio.toFixed(2)}x`.padStart(7),
    f.target ? `  (${f.target})` : '',
  ]);
  return [['    ', 'section '.padEnd(8), 'figure'.padEnd(62), 'value'.padStart(18), 'ceiling'.padStart(12), 'ratio'.padStart(7), ''], ...rows]
    .map((r) => r.join(' '))
    .join('\n');
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (command) return child(command, args);
  const only = new Set(flag('only', 'http,store,accounts,rebuild,reads,adapters,audit').split(','));
  const events = Number(flag('events', '1000000'));
  const runs = Number(flag('runs', '3'));
  const figures: Figure[] = [];
  const started = new Date().toISOString();
  if (only.has('store')) figures.push(...(await storeBench()));
  if (only.has('accounts')) figures.push(...(await credentialsBench()));
  if (only.has('rebuild') || only.has('reads')) figures.push(...(await ledgerSections(events, only, runs)));
  if (only.has('http')) figures.push(...(await httpSection(runs)));
  if (only.has('adapters')) figures.push(...(await adapterSection(runs)));
  if (only.has('audit')) {
    const r = await auditStallBench();
    figures.push({
      section: 'audit',
      name: `write p99 during full verifies of ${r.events} events (${r.verifiesCompleted} verifies)`,
      value: r.duringVerifyP99Ms,
      unit: 'ms',
      ceiling: r.idleP99Ms,
      ratio: r.duringVerifyP99Ms / r.idleP99Ms,
      target: '<= 2x idle',
      met: r.ok,
    });
  }
  process.stdout.write(`${table(figures)}\n`);
  // A run of some sections replaces those sections' figures and keeps the others'.
  const out = join(process.cwd(), 'bench/results.json');
  const ran = new Set(figures.map((f) => f.section));
  const kept = existsSync(out)
    ? (JSON.parse(readFileSync(out, 'utf8')) as { figures: (Figure & { run?: object })[] }).figures.filter((f) => !ran.has(f.section))
    : [];
  const run = { started, node: process.version, events, runs };
  writeFileSync(out, `${JSON.stringify({ ...run, figures: [...kept, ...figures.map((f) => ({ ...f, run }))] }, null, 2)}\n`);
  process.stdout.write(`\nwritten to ${out}\n`);
}

void main().then(
  () => {
    if (
      process.argv
        .slice(2)
        .filter((a) => !a.startsWith('--'))[0]
        ?.startsWith('serve-')
    )
      return;
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
