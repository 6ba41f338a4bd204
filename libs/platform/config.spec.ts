/**
 * "Today" is the ledger's local calendar day in LEDGER_TIMEZONE, default Asia/Shanghai (DOMAIN.md
 * "A project's life"): the config's default and the system clock's day at the zone's midnight.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemClock } from './clock.js';
import { ConfigError, loadConfig } from './config.js';

class FixedSystemClock extends SystemClock {
  constructor(
    zone: string,
    public instant: string,
  ) {
    super(zone);
  }
  override now(): Date {
    return new Date(this.instant);
  }
}

describe('the ledger time zone', () => {
  it('defaults to Asia/Shanghai and takes LEDGER_TIMEZONE when set', () => {
    expect(loadConfig({}).timeZone).toBe('Asia/Shanghai');
    expect(loadConfig({ LEDGER_TIMEZONE: 'Europe/Berlin' }).timeZone).toBe('Europe/Berlin');
  });

  it('refuses a zone that does not exist', () => {
    expect(() => loadConfig({ LEDGER_TIMEZONE: 'Mars/Olympus' })).toThrow(ConfigError);
  });

  it.each([
    ['2026-06-30T15:59:59Z', 'Asia/Shanghai', '2026-06-30'],
    ['2026-06-30T16:00:00Z', 'Asia/Shanghai', '2026-07-01'], // midnight in Shanghai: a new half year there, not yet in UTC
    ['2026-12-31T16:00:00Z', 'Asia/Shanghai', '2027-01-01'],
    ['2026-06-30T16:00:00Z', 'UTC', '2026-06-30'],
  ])('at %s the day in %s is %s', (instant, zone, day) => {
    expect(new FixedSystemClock(zone, instant).today()).toBe(day);
  });

  it('turns the day at the zone midnight though it formats the day once a minute', () => {
    const clock = new FixedSystemClock('Asia/Shanghai', '2026-06-30T15:59:00.000Z');
    expect(clock.today()).toBe('2026-06-30');
    clock.instant = '2026-06-30T15:59:59.999Z';
    expect(clock.today()).toBe('2026-06-30');
    clock.instant = '2026-06-30T16:00:00.000Z';
    expect(clock.today()).toBe('2026-07-01');
    clock.instant = '2026-06-30T15:59:30.000Z'; // the system clock set back
    expect(clock.today()).toBe('2026-06-30');
  });
});

describe('audit settings', () => {
  it('takes the hash algorithm of a new ledger, SHA-256 by default, and refuses others', () => {
    expect(loadConfig({}).hashAlgorithm).toBe('sha256');
    expect(loadConfig({ LEDGER_HASH_ALGORITHM: 'sm3' }).hashAlgorithm).toBe('sm3');
    expect(() => loadConfig({ LEDGER_HASH_ALGORITHM: 'md5' })).toThrow(/sha256, sm3/);
  });

  it('refuses a signing key inside the data directory', () => {
    expect(() => loadConfig({ LEDGER_DATA_DIR: '/srv/ledger', LEDGER_SIGNING_KEY: '/srv/ledger/keys/sign.pem' })).toThrow(/inside LEDGER_DATA_DIR/);
    expect(loadConfig({ LEDGER_DATA_DIR: '/srv/ledger', LEDGER_SIGNING_KEY: '/etc/ledger/sign.pem' }).signingKey).toBe('/etc/ledger/sign.pem');
    expect(loadConfig({ LEDGER_DATA_DIR: '/srv/ledger', LEDGER_SIGNING_KEY: '/srv/ledger-keys/sign.pem' }).signingKey).toBe('/srv/ledger-keys/sign.pem');
  });

  it('signs every 1000 events or 60 minutes unless told', () => {
    expect(loadConfig({})).toMatchObject({ checkpointEvery: 1000, checkpointMinutes: 60, signingKey: null });
    expect(loadConfig({ LEDGER_CHECKPOINT_EVERY: '5', LEDGER_CHECKPOINT_MINUTES: '0' })).toMatchObject({ checkpointEvery: 5, checkpointMinutes: 0 });
  });
});

describe('the EventStoreDB connection string', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('comes from ESDB_CONNECTION_STRING or, for a secret, from the file ESDB_CONNECTION_STRING_FILE names', () => {
    const secret = join(dir, 'esdb-connection');
    writeFileSync(secret, 'esdb://ledger:s3cret@node1:2113?tls=true\n');
    expect(loadConfig({ LEDGER_STORE: 'esdb', ESDB_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' }).esdbConnectionString).toBe(
      'esdb://localhost:2113?tls=false',
    );
    expect(loadConfig({ LEDGER_STORE: 'esdb', ESDB_CONNECTION_STRING_FILE: secret }).esdbConnectionString).toBe('esdb://ledger:s3cret@node1:2113?tls=true');
  });

  it('refuses both at once, an unreadable file and neither for the esdb store', () => {
    expect(() => loadConfig({ LEDGER_STORE: 'esdb', ESDB_CONNECTION_STRING: 'esdb://a:2113', ESDB_CONNECTION_STRING_FILE: join(dir, 'x') })).toThrow(
      /not both/,
    );
    expect(() => loadConfig({ LEDGER_STORE: 'esdb', ESDB_CONNECTION_STRING_FILE: join(dir, 'missing') })).toThrow(
      /ESDB_CONNECTION_STRING_FILE .*cannot be read/,
    );
    expect(() => loadConfig({ LEDGER_STORE: 'esdb' })).toThrow(ConfigError);
  });
});
