/** The ledger's configuration, read once from the environment (API.md "Operations"). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isTimeZone } from '../kernel/index.js';

export interface LedgerConfig {
  port: number;
  /** Interface to listen on (LEDGER_HOST); null listens on every interface. */
  host: string | null;
  dataDir: string;
  tokensFile: string | null;
  store: 'sqlite' | 'esdb';
  esdbConnectionString: string | null;
  timeZone: string;
  /** Requests per minute per token; 0 turns the limit off. */
  rateLimit: number;
  /** Largest accepted request body. */
  bodyLimit: string;
  /** Largest uploaded workbook (imports). */
  importLimit: string;
  /** Whether failed sign-ins and unknown tokens are slowed down (LEDGER_AUTH_THROTTLE=off turns it off, for tests). */
  authThrottle: boolean;
  /**
   * Express's `trust proxy` (LEDGER_TRUST_PROXY): which proxies' X-Forwarded-For names the client, e.g.
   * `loopback` or `10.0.0.0/8`; null trusts none. Behind a proxy, throttling needs it to tell clients apart.
   */
  trustProxy: string | null;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function wholeNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text)) throw new ConfigError(`${name} must be a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** The connection string, given as is or, to keep credentials out of the environment (a Docker secret), in a file. */
function esdbConnection(env: NodeJS.ProcessEnv): string | null {
  const file = env.ESDB_CONNECTION_STRING_FILE;
  if (!file) return env.ESDB_CONNECTION_STRING || null;
  if (env.ESDB_CONNECTION_STRING) throw new ConfigError('set ESDB_CONNECTION_STRING or ESDB_CONNECTION_STRING_FILE, not both');
  try {
    return readFileSync(file, 'utf8').trim() || null;
  } catch (error) {
    throw new ConfigError(`ESDB_CONNECTION_STRING_FILE ${file} cannot be read: ${(error as Error).message}`);
  }
}

function onOff(name: string, text: string | undefined, fallback: boolean): boolean {
  if (text === undefined || text === '') return fallback;
  if (text !== 'on' && text !== 'off') throw new ConfigError(`${name} must be on or off, got ${JSON.stringify(text)}`);
  return text === 'on';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const store = env.LEDGER_STORE ?? 'sqlite';
  if (store !== 'sqlite' && store !== 'esdb') throw new ConfigError(`LEDGER_STORE must be sqlite or esdb, got ${JSON.stringify(store)}`);
  const esdbConnectionString = esdbConnection(env);
  if (store === 'esdb' && !esdbConnectionString) throw new ConfigError('LEDGER_STORE=esdb needs ESDB_CONNECTION_STRING (or ESDB_CONNECTION_STRING_FILE)');
  const timeZone = env.LEDGER_TIMEZONE ?? 'Asia/Shanghai';
  if (!isTimeZone(timeZone)) throw new ConfigError(`LEDGER_TIMEZONE is not a time zone: ${JSON.stringify(timeZone)}`);
  return {
    port: wholeNumber('PORT', env.PORT, 3000),
    host: env.LEDGER_HOST || null,
    dataDir: resolve(env.LEDGER_DATA_DIR ?? './data'),
    tokensFile: env.LEDGER_TOKENS_FILE ? resolve(env.LEDGER_TOKENS_FILE) : null,
    store,
    esdbConnectionString,
    timeZone,
    rateLimit: wholeNumber('LEDGER_RATE_LIMIT', env.LEDGER_RATE_LIMIT, 6000),
    bodyLimit: env.LEDGER_BODY_LIMIT ?? '256kb',
    importLimit: env.LEDGER_IMPORT_LIMIT ?? '32mb',
    authThrottle: onOff('LEDGER_AUTH_THROTTLE', env.LEDGER_AUTH_THROTTLE, true),
    trustProxy: env.LEDGER_TRUST_PROXY || null,
  };
}
