/**
 * The ledger's checkpoint signer: every N events or T minutes (when the ledger grew), and on demand.
 * Without LEDGER_SIGNING_KEY it signs nothing, and verify compares kept checkpoints by root only.
 */
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { RuleViolation } from '../../kernel/index.js';
import type { EventStore } from '../../event-store/port.js';
import type { SignedCheckpoint } from '../domain/checkpoint.js';
import { CheckpointLog, loadSigningKey, publicKeyPem, signCheckpointNow } from './checkpoints.js';

export interface CheckpointSettings {
  signingKey: string | null;
  checkpointEvery: number;
  checkpointMinutes: number;
  checkpointsFile: string;
}

export class LedgerCheckpoints implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log: CheckpointLog;
  private readonly key: KeyObject | null;
  private readonly logger = new Logger('checkpoints');
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** One signing at a time: the log is appended in order. */
  private signing: Promise<unknown> = Promise.resolve();
  /** A scheduled signing is under way: appends meanwhile do not queue another. */
  private scheduled = false;

  constructor(
    private readonly store: EventStore,
    private readonly settings: CheckpointSettings,
    private readonly now: () => Date,
    private readonly options: { schedule: boolean } = { schedule: true },
  ) {
    this.log = new CheckpointLog(settings.checkpointsFile);
    this.key = settings.signingKey === null ? null : loadSigningKey(settings.signingKey);
  }

  /** The public half, to check signatures with; null when the ledger holds no key. */
  get publicKey(): KeyObject | null {
    return this.key && createPublicKey(this.key);
  }

  get publicKeyPem(): string | null {
    return this.key && publicKeyPem(this.key);
  }

  list(): SignedCheckpoint[] {
    return this.log.list();
  }

  /** Signs the ledger as it stands now. */
  sign(): Promise<SignedCheckpoint> {
    const key = this.key;
    if (!key)
      return Promise.reject(new RuleViolation('signing-key-configured', 'this ledger has no signing key (LEDGER_SIGNING_KEY); it signs no checkpoints'));
    const run = this.signing.then(() => signCheckpointNow(this.store, key, this.log, this.now()));
    this.signing = run.catch(() => undefined);
    return run;
  }

  onApplicationBootstrap(): void {
    if (this.options.schedule) this.start();
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  /** Starts the schedule. */
  start(): void {
    if (!this.key || this.unsubscribe) return;
    const { checkpointEvery, checkpointMinutes } = this.settings;
    this.unsubscribe = this.store.onAppended((position) => {
      const last = this.log.latest()?.size ?? 0;
      if (checkpointEvery > 0 && position - last >= checkpointEvery) void this.signQuietly();
    });
    if (checkpointMinutes > 0) {
      this.timer = setInterval(() => void this.signIfGrown(), checkpointMinutes * 60_000);
      this.timer.unref();
    }
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async signIfGrown(): Promise<void> {
    if ((await this.store.headPosition()) > (this.log.latest()?.size ?? 0)) await this.signQuietly();
  }

  private async signQuietly(): Promise<void> {
    if (this.scheduled) return;
    this.scheduled = true;
    try {
      const checkpoint = await this.sign();
      this.logger.log(`checkpoint signed: ${checkpoint.size} events, root ${checkpoint.root}`);
    } catch (error) {
      this.logger.error(`checkpoint not signed: ${(error as Error).message}`);
    } finally {
      this.scheduled = false;
    }
  }
}
