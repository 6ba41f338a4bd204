/** The auditors' CLI: verify, digest, replay, export/import, backup, rebuild. Each prints plain text; 1 means "not whole". */
import type { INestApplicationContext } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { SqliteEventStore, acceptsSealed, type EventStore } from '../../event-store/index.js';
import { CliUsageError, optional, type CliArgs, type CliCommand, type CliIo } from '../../platform/cli/cli-command.js';
import { ProgressBar } from '../../platform/cli/progress.js';
import { EVENT_STORE } from '../../platform/injection.js';
import { Projector } from '../../projector/index.js';
import { backupLedger } from '../application/backup.js';
import { exportToFile, importLedger, linesOf } from '../application/export-import.js';
import { createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { checkDigest, ledgerDigest, verifyLedger, type LedgerVerification } from '../application/ledger-audit.js';
import { LedgerCheckpoints } from '../application/ledger-checkpoints.js';
import { consistencyProof, inclusionProof, projectBundle } from '../application/proofs.js';
import { parseCheckpoint } from '../domain/checkpoint.js';
import { isDigest } from '../domain/digest.js';
import { parseInstant } from '../../kernel/index.js';
import { describeBroken, type AuditResult } from '../domain/ledger-check.js';
import { ProjectTimelineQuery } from '../queries/audit-queries.js';

const storeOf = (app: INestApplicationContext) => app.get<symbol, EventStore>(EVENT_STORE);

function positional(args: CliArgs, index: number, name: string): string {
  const value = args.positional[index];
  if (value === undefined) throw new CliUsageError(`${name} is missing`);
  return value;
}

function position(text: string): number {
  if (!/^(0|[1-9]\d{0,15})$/.test(text)) throw new CliUsageError(`a position is a non-negative integer, not ${text}`);
  return Number(text);
}

/** `--name N`, a non-negative integer, or undefined when absent. */
function sizeOption(args: CliArgs, name: string): number | undefined {
  const value = args.options[name];
  if (value === true) throw new CliUsageError(`--${name} needs a value`);
  return value === undefined ? undefined : position(value);
}

function fileOption(args: CliArgs, name: string): string | undefined {
  const value = args.options[name];
  if (value === true) throw new CliUsageError(`--${name} needs a file`);
  return value;
}

/** The verdict of a verify, of the ledger or of a backup copy; the exit code. */
function report(result: AuditResult | LedgerVerification, io: CliIo): number {
  if (result.firstBroken) {
    io.out.write(`BROKEN: ${describeBroken(result.firstBroken)}\n${result.position} events verified before it.\n`);
  } else {
    io.out.write(`${result.ok ? 'ok' : 'events ok'}: ${result.eventsChecked} events verified\ndigest at position ${result.position}: ${result.digest}\n`);
  }
  if ('treeProblem' in result) {
    if (result.treeProblem) io.out.write(`BROKEN: ${result.treeProblem}\n`);
    const c = result.checkpoint;
    if (c === null) io.out.write('no signed checkpoint to check against: keep checkpoints off this system (docs/audit.md)\n');
    else if (!c.ok) io.out.write(`BROKEN: ${c.reason}\n`);
    else
      io.out.write(
        `checkpoint ok: ${result.checkpointsChecked} checked, the latest of ${c.size} events signed at ${c.time}${c.signatureChecked ? '' : ' (signature not checked: no key)'}\n`,
      );
  }
  return result.ok ? 0 : 1;
}

const verify: CliCommand = {
  name: 'verify',
  usage: 'verify [--checkpoint <file> --public-key <pem>]',
  describe: "re-read every event (seals, chains, positions, the tree) and hold it to the ledger's checkpoints, or to one you kept",
  options: { checkpoint: 'string', 'public-key': 'string' },
  async run(app, args, io) {
    const kept = fileOption(args, 'checkpoint');
    const keyFile = fileOption(args, 'public-key');
    const ledger = app.get(LedgerCheckpoints);
    const checkpoints = kept === undefined ? ledger.list() : [parseCheckpoint(JSON.parse(readFileSync(kept, 'utf8')))];
    const publicKey = keyFile === undefined ? ledger.publicKey : createPublicKey(readFileSync(keyFile));
    const bar = new ProgressBar('verifying', io.err);
    const result = await verifyLedger(storeOf(app), { checkpoints, publicKey, onProgress: (checked, head) => bar.update(checked, head) });
    bar.done();
    return report(result, io);
  },
};

const checkpoint: CliCommand = {
  name: 'checkpoint',
  usage: 'checkpoint',
  describe: 'sign the ledger as it stands now (LEDGER_SIGNING_KEY) and keep the checkpoint; prints it as JSON',
  async run(app, _args, io) {
    io.out.write(`${JSON.stringify(await app.get(LedgerCheckpoints).sign())}\n`);
    return 0;
  },
};

const checkpoints: CliCommand = {
  name: 'checkpoints',
  usage: 'checkpoints',
  describe: 'the signed checkpoints, oldest first, one JSON object a line',
  async run(app, _args, io) {
    for (const c of app.get(LedgerCheckpoints).list()) io.out.write(`${JSON.stringify(c)}\n`);
    return 0;
  },
};

/** A proof command: `<name> <argument> [--<sizeOption> N]`, printing the proof as JSON. */
function proofCommand(
  name: string,
  [argument, sizeName]: [string, string],
  describe: string,
  proofOf: (store: EventStore, at: number, size: number | undefined) => Promise<unknown>,
): CliCommand {
  return {
    name,
    usage: `${name} <${argument}> [--${sizeName} N]`,
    describe,
    options: { [sizeName]: 'string' },
    positionals: 1,
    async run(app, args, io) {
      const proof = await proofOf(storeOf(app), position(positional(args, 0, argument)), sizeOption(args, sizeName));
      io.out.write(`${JSON.stringify(proof, null, 2)}\n`);
      return 0;
    },
  };
}

const prove = proofCommand('prove', ['position', 'size'], 'inclusion proof of one event in the tree of size N (default: the head), as JSON', inclusionProof);

const proveConsistency = proofCommand(
  'prove-consistency',
  ['from', 'to'],
  'proof that the ledger of size N (default: the head) extends the one of size <from>, as JSON',
  consistencyProof,
);

const bundle: CliCommand = {
  name: 'bundle',
  usage: 'bundle <projectId> <file> [--size N] [--consistency-from M]',
  describe: "a project's events with their proofs, for tools/verify-bundle.mjs (never overwrites)",
  options: { size: 'string', 'consistency-from': 'string' },
  positionals: 2,
  async run(app, args, io) {
    const projectId = positional(args, 0, 'projectId');
    const file = positional(args, 1, 'file');
    const made = await projectBundle(storeOf(app), projectId, {
      size: sizeOption(args, 'size'),
      consistencyFrom: sizeOption(args, 'consistency-from'),
      checkpoints: app.get(LedgerCheckpoints).list(),
    });
    writeFileSync(file, `${JSON.stringify(made, null, 2)}\n`, { flag: 'wx' });
    io.out.write(`${made.events.length} events of project ${projectId} with proofs against size ${made.size} (root ${made.root}) in ${file}\n`);
    return 0;
  },
};

const digest: CliCommand = {
  name: 'digest',
  usage: 'digest [--position N]',
  describe: 'the ledger digest to keep (at the head, or at position N)',
  options: { position: 'string' },
  async run(app, args, io) {
    const at = optional(args, 'position');
    const kept = await ledgerDigest(storeOf(app), at === undefined ? undefined : position(at));
    io.out.write(`${kept.position} ${kept.digest}\n`);
    return 0;
  },
};

const checkDigestCommand: CliCommand = {
  name: 'check-digest',
  usage: 'check-digest <position> <digest>',
  describe: 'whether the ledger still extends a digest kept earlier',
  positionals: 2,
  async run(app, args, io) {
    const kept = { position: position(positional(args, 0, 'position')), digest: positional(args, 1, 'digest') };
    if (!isDigest(kept.digest)) throw new CliUsageError('a digest is 64 lowercase hex digits');
    const check = await checkDigest(storeOf(app), kept);
    io.out.write(check.ok ? `ok: the ledger extends the digest at position ${kept.position}\n` : `FAILED: ${check.reason}\n`);
    return check.ok ? 0 : 1;
  },
};

const replay: CliCommand = {
  name: 'replay',
  usage: 'replay <projectId> [--as-of <instant>]',
  describe: "a project's state and timeline as the ledger knew it at an instant (ISO 8601 with zone)",
  options: { 'as-of': 'string' },
  positionals: 1,
  async run(app, args, io) {
    const projectId = positional(args, 0, 'projectId');
    const asOf = optional(args, 'as-of');
    if (asOf !== undefined && parseInstant(asOf) === null) {
      throw new CliUsageError('--as-of needs an ISO 8601 instant with a zone, e.g. 2026-03-01T08:00:00Z or 2026-03-01T16:00+08:00');
    }
    const history = await app.get(QueryBus).execute(new ProjectTimelineQuery(projectId, asOf));
    const p = history.project;
    io.out.write(`project ${projectId} as of ${history.asOf ?? 'now'}\n`);
    if (p) io.out.write(`${p.name} (${p.investor}) · stage ${p.stage} · credited to ${p.unitId} · revision ${p.revision}\n`);
    io.out.write(`\n${history.lines.join('\n')}\n\n`);
    io.out.write(
      history.firstBroken ? `BROKEN: ${describeBroken(history.firstBroken)}\n` : `seals and chain hold for these ${history.timeline.length} events\n`,
    );
    return history.firstBroken ? 1 : 0;
  },
};

const exportCommand: CliCommand = {
  name: 'export',
  usage: 'export <file>',
  describe: 'every event with metadata and seals as JSON lines, in global order (never overwrites)',
  positionals: 1,
  async run(app, args, io) {
    const file = positional(args, 0, 'file');
    const events = await exportToFile(storeOf(app), file);
    io.out.write(`exported ${events} events to ${file}\n`);
    return 0;
  },
};

const importCommand: CliCommand = {
  name: 'import',
  usage: 'import <file>',
  access: 'write',
  describe: 'load an export into this (empty) ledger, verified before and after; same digest',
  positionals: 1,
  async run(app, args, io) {
    const file = positional(args, 0, 'file');
    const store = storeOf(app);
    if (!acceptsSealed(store)) throw new CliUsageError(`the ${store.kind} store cannot take sealed events`);
    const tty = (io.err as { isTTY?: boolean }).isTTY === true;
    const result = await importLedger(() => linesOf(file), store, {
      onProgress: (phase, events) => tty && io.err.write(`\r${phase}: ${events} events`),
    });
    if (tty) io.err.write('\n');
    io.out.write(`imported ${result.eventsImported} events; digest at position ${result.position}: ${result.digest}\n`);
    return 0;
  },
};

const backup: CliCommand = {
  name: 'backup',
  usage: 'backup <file>',
  describe: 'a consistent online copy of the SQLite store, then verified on its own',
  positionals: 1,
  async run(app, args, io) {
    const file = positional(args, 0, 'file');
    const store = storeOf(app);
    if (!(store instanceof SqliteEventStore)) throw new CliUsageError(`backup copies the SQLite store; with the ${store.kind} store, use export`);
    const result = await backupLedger(store, file);
    io.out.write(`backed up to ${file}\n`);
    return report(result, io);
  },
};

const rebuild: CliCommand = {
  name: 'rebuild',
  usage: 'rebuild [readModel ...]',
  describe: 'drop and replay read models (all by default) and say whether they equal what was live; refused while the API runs',
  access: 'write',
  positionals: Number.POSITIVE_INFINITY,
  async run(app, args, io) {
    const projector = app.get(Projector);
    const known = projector.projections.map((p) => p.name);
    const names = args.positional.length > 0 ? args.positional : known;
    const unknown = names.filter((n) => !known.includes(n));
    if (unknown.length > 0) throw new CliUsageError(`unknown read model ${unknown.join(', ')}; known: ${known.join(', ')}`);
    await projector.catchUp();
    const store = storeOf(app);
    const head = await store.headPosition();
    const live = new Map(names.map((n) => [n, JSON.stringify(projector.dump(n))]));
    const bar = new ProgressBar('rebuilding', io.err);
    await projector.rebuild(names, { onProgress: (at, total) => bar.update(at, total) });
    bar.done();
    if ((await store.headPosition()) !== head) {
      io.out.write('rebuilt; the ledger grew meanwhile, so the result was not compared: run again to compare\n');
      return 0;
    }
    const differing = names.filter((n) => JSON.stringify(projector.dump(n)) !== live.get(n));
    for (const n of names) io.out.write(`${n}: ${differing.includes(n) ? 'DIFFERS from' : 'equals'} what was live\n`);
    return differing.length > 0 ? 1 : 0;
  },
};

export const auditCliCommands: CliCommand[] = [
  verify,
  digest,
  checkDigestCommand,
  checkpoint,
  checkpoints,
  prove,
  proveConsistency,
  bundle,
  replay,
  exportCommand,
  importCommand,
  backup,
  rebuild,
];
