/** Builds the HTTP application: used by main.ts and by the e2e tests, so both run the same thing. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet, { type HelmetOptions } from 'helmet';
import { loadConfig, type LedgerConfig } from '../../libs/platform/config.js';
import { Authenticator, bearerAuth } from '../../libs/platform/http/auth.js';
import { JSON_MEDIA_TYPES } from '../../libs/platform/http/content-type.js';
import { ledgerJsonReviver } from '../../libs/platform/http/json-body.js';
import { EXPORT_MEDIA_TYPES } from '../../libs/platform/export/files.js';
import { PinoNestLogger, accessLog, processLogger } from '../../libs/platform/http/logging.js';
import { ledgerValidationPipe } from '../../libs/platform/http/validation.js';
import { AppModule, type AppOptions } from './app.module.js';

export async function createLedgerApp(options: AppOptions = {}): Promise<NestExpressApplication> {
  const config = options.config ?? loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ ...options, config }), {
    bodyParser: false,
    // A failing start-up rejects (main.ts reports it in one line) instead of aborting the process.
    abortOnError: false,
    logger: new PinoNestLogger(processLogger()),
  });
  app.use(accessLog(processLogger()));
  app.use(helmet(securityHeaders(config)));
  // Behind a reverse proxy, the client's address (for throttling, docs/accounts.md) comes from X-Forwarded-For.
  if (config.trustProxy) app.set('trust proxy', /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);
  // Every /v1 call is authenticated (and rate-limited) before its body is read.
  app.use('/v1', bearerAuth(app.get(Authenticator)));
  app.useBodyParser('json', { limit: config.bodyLimit, strict: true, reviver: ledgerJsonReviver, type: JSON_MEDIA_TYPES });
  // Imports upload a workbook as the raw body (one request per file, whatever its rows).
  app.useBodyParser('raw', { limit: config.importLimit, type: EXPORT_MEDIA_TYPES.xlsx });
  app.useGlobalPipes(ledgerValidationPipe());
  app.set('query parser', 'simple');
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Project-lifecycle ledger')
      .setDescription('Event-sourced ledger of investment projects: lives, rewards, townships, assessment, audit.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  serveConsole(app, config);
  return app;
}

/**
 * Helmet's strict defaults, except that `upgrade-insecure-requests` is sent only when people reach the ledger over
 * HTTPS (LEDGER_HTTPS=on): on a LAN over plain HTTP it turns every script of the console and of /docs into an https
 * request that fails, leaving a blank page. (HSTS stays: browsers ignore it over plain HTTP.)
 */
export function securityHeaders(config: LedgerConfig): HelmetOptions {
  return { contentSecurityPolicy: { directives: { upgradeInsecureRequests: config.https ? [] : null } } };
}

/**
 * The web console (apps/ledger-console, built into config.consoleDir) at /. Its files carry content hashes, so
 * they are cached for good; index.html is revalidated so a new build is seen at once.
 */
function serveConsole(app: NestExpressApplication, config: LedgerConfig): void {
  if (!existsSync(join(config.consoleDir, 'index.html'))) {
    new Logger('ledger').warn(`no web console in ${config.consoleDir}: run npm run build:console`);
    return;
  }
  app.useStaticAssets(config.consoleDir, {
    index: 'index.html',
    setHeaders: (res, path) => res.setHeader('Cache-Control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
  });
}
