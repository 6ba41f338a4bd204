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
    private readonly instant: string,
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
});

describe('the EventStoreDB connection string', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('comes from ESDB_CONNECTION_STRING or, for a secret, from the file ESDB_CONNECTION_STRING_FILE names', () => {
    const secret = join(dir, 'esdb-connection');
    writeFileSync(secret, 'esdb://ledger:s3cret@node1:2113?tls=true\n');
    expect(loadConfig({ LEDGER_STORE: 'esdb', ESDB_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' }).esdbConnectionString).toBe('esdb://localhost:2113?tls=false');
    expect(loadConfig({ LEDGER_STORE: 'esdb', ESDB_CONNECTION_STRING_FILE: secret }).esdbConnectionString).toBe('esdb://ledger:s3cret@node1:2113?tls=true');
  });

  it('refuses both at once, an unreadable file and neither for the esdb store', () => {
    expect(() => loadConfig({ LEDGER_STORE: 'esdb', ESDB_CONNECTION_STRING: 'esdb://a:2113', ESDB_CONNECTION_STRING_FILE: join(dir, 'x') })).toThrow(/not both/);
    expect(() => loadConfig({ LEDGER_STORE: 'esdb', ESDB_CONNECTION_STRING_FILE: join(dir, 'missing') })).toThrow(/ESDB_CONNECTION_STRING_FILE .*cannot be read/);
    expect(() => loadConfig({ LEDGER_STORE: 'esdb' })).toThrow(ConfigError);
  });
});
