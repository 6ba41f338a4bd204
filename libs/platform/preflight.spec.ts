/** The start-up checks open the store first: on a first start they must create it as configured. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../event-store/index.js';
import { loadConfig } from './config.js';
import { preflight } from './preflight.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-preflight-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('creates a new ledger with LEDGER_HASH_ALGORITHM', async () => {
  const config = loadConfig({ LEDGER_DATA_DIR: join(dir, 'sm3'), LEDGER_HASH_ALGORITHM: 'sm3' });
  await preflight(config);
  const store = new SqliteEventStore(join(config.dataDir, 'ledger.sqlite'));
  expect(await store.metadata()).toMatchObject({ hashAlgorithm: 'sm3' });
  await store.close();
});
