import 'reflect-metadata';
import { loadConfig } from '../../libs/platform/config.js';
import { preflight } from '../../libs/platform/preflight.js';
import { CredentialStore } from '../../libs/accounts/credentials/credential-store.js';

async function main(): Promise<void> {
  const config = loadConfig();
  await preflight(config);
  // The credentials file (libs/accounts) is checked like the stores: one that is not a database stops the start in one line.
  new CredentialStore(config.dataDir).close();
  // Nest and the capability modules load only once the set-up is known to be sound: a broken start fails fast.
  const [{ Logger }, { createLedgerApp }] = await Promise.all([import('@nestjs/common'), import('./create-app.js')]);
  const app = await createLedgerApp({ config });
  // SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close the store, then exit 0.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  // Every interface unless LEDGER_HOST says otherwise (Fastify alone would listen on localhost only).
  await app.listen(config.port, config.host ?? '0.0.0.0');
  new Logger('ledger').log(`listening on ${config.host ?? '*'}:${config.port}, ${config.store} store, data in ${config.dataDir}`);
}

main().catch((error: unknown) => {
  // Start-up failures say what is wrong in one line, without a stack, and exit non-zero.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`ledger failed to start: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(1);
});
