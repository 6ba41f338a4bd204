import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '../../libs/platform/config.js';
import { createLedgerApp } from './create-app.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createLedgerApp({ config });
  await app.listen(config.port);
  new Logger('ledger').log(`listening on port ${config.port}, ${config.store} store, data in ${config.dataDir}`);
}

main().catch((error: unknown) => {
  // Start-up failures say what is wrong in one line, without a stack, and exit non-zero.
  process.stderr.write(`ledger failed to start: ${(error as Error)?.message ?? error}\n`);
  process.exit(1);
});
