/**
 * The ledger's shared plumbing as one global module: configuration, clock, event store, read-model
 * database, projector, tokens and the write path. Capability modules contribute their projections
 * through `forRoot`, so the projector feeds all read models from one ordered pass.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { EventStore } from '../event-store/index.js';
import { Projector, type Projection, type ReadDb } from '../projector/index.js';
import { Clock, SystemClock } from './clock.js';
import { StreamWriter } from './commands/stream-writer.js';
import { loadConfig, type LedgerConfig } from './config.js';
import { Authenticator } from './http/auth.js';
import { RateLimiter } from './http/rate-limit.js';
import { DataDirLock, lockHolder } from './data-dir-lock.js';
import { DATA_DIR_LOCK, EVENT_STORE, LEDGER_CONFIG, READ_DB } from './injection.js';
import { checkLedgerPresence, ensureDataDir, openEventStore, openReadDb } from './open-store.js';
import { TokenRegistry, loadTokens, readTokensFile } from './tokens.js';

export interface LedgerCoreOptions {
  projections: Projection[];
  config?: LedgerConfig;
  clock?: Clock;
  /** Whether to load (and on first start, create and print) the tokens; tools like the CLI need none. */
  tokens?: boolean;
  /**
   * `write` (the default: the server, writing CLI commands) holds the data directory's one-writer lock
   * and follows the store; `read` (verify, export, statements…) takes no lock and leaves the read
   * models to a running writer, catching them up itself only when no writer runs.
   */
  access?: 'read' | 'write';
  /** Whether an empty data directory may get a new ledger (the server's first start, `ledger init`); never for other commands. */
  createLedger?: boolean;
  /** Named in the lock, so a refused second writer learns who holds the directory. */
  holder?: string;
}

class LedgerLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DB) private readonly db: ReadDb,
    private readonly projector: Projector,
    @Inject(DATA_DIR_LOCK) private readonly lock: DataDirLock | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.projector.stop();
    await this.projector.catchUp().catch(() => undefined);
    await this.store.close();
    if (this.db.open) this.db.close();
    this.lock?.release();
  }
}

@Global()
@Module({})
export class LedgerCoreModule {
  static forRoot(options: LedgerCoreOptions): DynamicModule {
    const config = options.config ?? loadConfig();
    const writer = (options.access ?? 'write') === 'write';
    const providers: Provider[] = [
      { provide: LEDGER_CONFIG, useValue: config },
      { provide: Clock, useValue: options.clock ?? new SystemClock(config.timeZone) },
      {
        provide: DATA_DIR_LOCK,
        useFactory: () => {
          if (!writer) return null;
          checkLedgerPresence(config, options.createLedger ?? true);
          ensureDataDir(config.dataDir);
          return DataDirLock.acquire(config.dataDir, options.holder ?? `ledger server on port ${config.port}`);
        },
      },
      { provide: EVENT_STORE, inject: [DATA_DIR_LOCK], useFactory: () => openEventStore(config, { create: options.createLedger }) },
      // After the store, so a directory without a ledger is refused before anything is created in it.
      { provide: READ_DB, inject: [EVENT_STORE], useFactory: () => openReadDb(config) },
      {
        provide: Projector,
        inject: [EVENT_STORE, READ_DB],
        useFactory: async (store: EventStore, db: ReadDb) => {
          const projector = new Projector(store, db, options.projections);
          // A reader beside a running writer leaves the read models to it.
          if (writer || !lockHolder(config.dataDir)) {
            projector.start();
            await projector.catchUp();
          }
          return projector;
        },
      },
      { provide: RateLimiter, useValue: new RateLimiter(config.rateLimit) },
      StreamWriter,
      Authenticator,
      LedgerLifecycle,
    ];
    providers.push({
      provide: TokenRegistry,
      // Tools without HTTP (the CLI) authenticate nobody; they read an existing tokens file only to know
      // its actors (an account may not take one's name), and never create or print one.
      useFactory: () => {
        if (options.tokens === false) {
          const file = config.tokensFile ?? join(config.dataDir, 'tokens.json');
          return existsSync(file) ? readTokensFile(file).registry : new TokenRegistry([]);
        }
        const { registry, created, warning } = loadTokens(config.tokensFile, config.dataDir);
        if (warning) process.stderr.write(`\n${'!'.repeat(100)}\n${warning}\n${'!'.repeat(100)}\n\n`);
        if (created) printAdminTokenOnce(created, config.dataDir);
        return registry;
      },
    });
    return {
      module: LedgerCoreModule,
      providers,
      exports: [LEDGER_CONFIG, Clock, EVENT_STORE, READ_DB, Projector, RateLimiter, StreamWriter, TokenRegistry, Authenticator],
    };
  }
}

/**
 * The only time the bootstrap admin token is shown: a plain block on the console of the first start,
 * never in a log or on disk. With it an admin creates the people's accounts (docs/accounts.md).
 */
function printAdminTokenOnce(token: string, dataDir: string): void {
  process.stdout.write(
    `\nFirst start: a bootstrap admin token was created (only its sha-256 is stored in ${dataDir}/tokens.json).\n` +
      `Keep it now; it is not shown again. Use it to create the first accounts (POST /v1/accounts or ledger accounts:create):\n` +
      `  admin      ${token}\n\n`,
  );
  new Logger('ledger').log('tokens file created with hashes only');
}
