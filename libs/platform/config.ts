/** The ledger's configuration, read once from the environment (API.md "Operations"). */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { isTimeZone } from '../kernel/index.js';
import { DEFAULT_HASH_ALGORITHM, HASH_ALGORITHMS, isHashAlgorithm, type HashAlgorithm } from '../event-store/hashing.js';

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
  /** Largest accepted request body in bytes (LEDGER_BODY_LIMIT, e.g. `256kb`). */
  bodyLimit: number;
  /** The hash algorithm of a ledger created now (LEDGER_HASH_ALGORITHM); an existing ledger keeps its own. */
  hashAlgorithm: HashAlgorithm;
  /** PEM private key that signs checkpoints (LEDGER_SIGNING_KEY), outside the data directory; null signs none. */
  signingKey: string | null;
  /** Sign a checkpoint once this many events were appended since the last (LEDGER_CHECKPOINT_EVERY; 0: never by count). */
  checkpointEvery: number;
  /** …and every this many minutes when the ledger grew (LEDGER_CHECKPOINT_MINUTES; 0: never by time). */
  checkpointMinutes: number;
  /** Where the signed checkpoints are kept: `<dataDir>/checkpoints.jsonl`. */
  checkpointsFile: string;
  /** Folded stream states the write path keeps (LEDGER_STATE_CACHE_STREAMS; 0 turns the cache off) and their size bound. */
  stateCache: { streams: number; megabytes: number };
  /** Token a Prometheus scraper sends to GET /metrics (LEDGER_METRICS_TOKEN); null: only admin and supervisor tokens. */
  metricsToken: string | null;
  /** The built web console served at / (LEDGER_CONSOLE_DIR, default dist/console). */
  consoleDir: string;
  /** LEDGER_HTTPS=on: people reach the ledger over HTTPS (a TLS proxy), so browsers may upgrade every request. */
  https: boolean;
  /** Largest uploaded workbook (imports) in bytes (LEDGER_IMPORT_LIMIT, e.g. `32mb`). */
  importLimit: number;
  /** Whether failed sign-ins and unknown tokens are slowed down (LEDGER_AUTH_THROTTLE=off turns it off, for tests). */
  authThrottle: boolean;
  /**
   * Fastify's `trustProxy` (LEDGER_TRUST_PROXY): which proxies' X-Forwarded-For names the client, e.g.
   * `loopback` or `10.0.0.0/8`, or how many hops; null trusts none. Behind a proxy, throttling needs it to tell clients apart.
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

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** A size such as `256kb`, `32mb` or `1000` (bytes), in bytes. */
function byteSize(name: string, text: string | undefined, fallback: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec((text || fallback).trim());
  if (!match) throw new ConfigError(`${name} must be a size such as 256kb or 32mb, got ${JSON.stringify(text)}`);
  return Math.floor(Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()]);
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
  const hashAlgorithm = env.LEDGER_HASH_ALGORITHM || DEFAULT_HASH_ALGORITHM;
  if (!isHashAlgorithm(hashAlgorithm)) {
    throw new ConfigError(`LEDGER_HASH_ALGORITHM must be one of ${HASH_ALGORITHMS.join(', ')}, got ${JSON.stringify(hashAlgorithm)}`);
  }
  const dataDir = resolve(env.LEDGER_DATA_DIR ?? './data');
  const signingKey = env.LEDGER_SIGNING_KEY ? resolve(env.LEDGER_SIGNING_KEY) : null;
  if (signingKey !== null && !relative(dataDir, signingKey).startsWith('..') && !isAbsolute(relative(dataDir, signingKey))) {
    throw new ConfigError(
      `LEDGER_SIGNING_KEY ${signingKey} is inside LEDGER_DATA_DIR: keep the signing key where whoever can change the ledger's files cannot read it`,
    );
  }
  return {
    port: wholeNumber('PORT', env.PORT, 3000),
    host: env.LEDGER_HOST || null,
    dataDir,
    tokensFile: env.LEDGER_TOKENS_FILE ? resolve(env.LEDGER_TOKENS_FILE) : null,
    store,
    esdbConnectionString,
    timeZone,
    rateLimit: wholeNumber('LEDGER_RATE_LIMIT', env.LEDGER_RATE_LIMIT, 6000),
    bodyLimit: byteSize('LEDGER_BODY_LIMIT', env.LEDGER_BODY_LIMIT, '256kb'),
    hashAlgorithm,
    signingKey,
    checkpointEvery: wholeNumber('LEDGER_CHECKPOINT_EVERY', env.LEDGER_CHECKPOINT_EVERY, 1000),
    checkpointMinutes: wholeNumber('LEDGER_CHECKPOINT_MINUTES', env.LEDGER_CHECKPOINT_MINUTES, 60),
    checkpointsFile: resolve(dataDir, 'checkpoints.jsonl'),
    stateCache: {
      streams: wholeNumber('LEDGER_STATE_CACHE_STREAMS', env.LEDGER_STATE_CACHE_STREAMS, 10_000),
      megabytes: wholeNumber('LEDGER_STATE_CACHE_MB', env.LEDGER_STATE_CACHE_MB, 64),
    },
    metricsToken: metricsToken(env.LEDGER_METRICS_TOKEN),
    consoleDir: resolve(env.LEDGER_CONSOLE_DIR ?? 'dist/console'),
    https: onOff('LEDGER_HTTPS', env.LEDGER_HTTPS, false),
    importLimit: byteSize('LEDGER_IMPORT_LIMIT', env.LEDGER_IMPORT_LIMIT, '32mb'),
    authThrottle: onOff('LEDGER_AUTH_THROTTLE', env.LEDGER_AUTH_THROTTLE, true),
    trustProxy: env.LEDGER_TRUST_PROXY || null,
  };
}

function metricsToken(text: string | undefined): string | null {
  if (text === undefined || text === '') return null;
  if (text.length < 24) throw new ConfigError('LEDGER_METRICS_TOKEN must be at least 24 characters');
  return text;
}
