/** Builds the HTTP application: used by main.ts and by the e2e tests, so both run the same thing. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import fastifyStatic from '@fastify/static';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { loadConfig, type LedgerConfig } from '../../libs/platform/config.js';
import { Authenticator, bearerAuth } from '../../libs/platform/http/auth.js';
import { JSON_MEDIA_TYPE } from '../../libs/platform/http/content-type.js';
import { parseLedgerJson } from '../../libs/platform/http/json-body.js';
import { EXPORT_MEDIA_TYPES } from '../../libs/platform/export/files.js';
import { PinoNestLogger, accessLog, processLogger, requestId } from '../../libs/platform/http/logging.js';
import { problem, sendProblem } from '../../libs/platform/http/problem.js';
import { ledgerValidationPipe } from '../../libs/platform/http/validation.js';
import { AppModule, type AppOptions } from './app.module.js';

export async function createLedgerApp(options: AppOptions = {}): Promise<NestFastifyApplication> {
  const config = options.config ?? loadConfig();
  const logRequest = accessLog(processLogger());
  const headers = helmet(securityHeaders(config));
  const secure = (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) =>
    headers(req.raw, reply.raw, (error) => done(error as Error | undefined));
  const adapter = new FastifyAdapter({
    // Behind a reverse proxy, the client's address (for throttling, docs/accounts.md) comes from X-Forwarded-For.
    trustProxy: trustedProxies(config.trustProxy),
    genReqId: requestId,
    // As on Express: /v1/units/ is /v1/units, and no path parameter is refused for its length.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 16 * 1024 },
    // On shutdown the requests already on their way are answered (as on Express), not refused with Fastify's 503.
    return503OnClosing: false,
    // The router refuses a malformed URL (400) before any hook runs: answered, logged and secured like any refusal.
    frameworkErrors: (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      const status = error.statusCode ?? 400;
      logRequest(req, reply, () => secure(req, reply, () => sendProblem(reply, problem(status, status < 500 ? 'the URL is malformed' : 'internal error'))));
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ ...options, config }), adapter, {
    bodyParser: false,
    // A failing start-up rejects (main.ts reports it in one line) instead of aborting the process.
    abortOnError: false,
    logger: new PinoNestLogger(processLogger()),
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', logRequest);
  // On the Node response, which Fastify merges into every answer (404s and errors too).
  fastify.addHook('onRequest', secure);
  // Every /v1 call is authenticated (and rate-limited) before its body is read.
  fastify.addHook('onRequest', bearerAuth(app.get(Authenticator)));
  closeConnectionsOnShutdown(fastify);
  useBodyParsers(fastify, config);
  app.useGlobalPipes(ledgerValidationPipe());
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
  await serveConsole(app, config);
  return app;
}

/**
 * Once the server is closing (SIGTERM), every answer is its connection's last: Fastify closes the connections idle
 * when it starts closing, and a keep-alive one that carried a request in flight would otherwise hold the exit back
 * until its client lets go.
 */
function closeConnectionsOnShutdown(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_req, reply, payload, done) => {
    if (closing) reply.header('Connection', 'close');
    done(null, payload);
  });
}

/** LEDGER_TRUST_PROXY for Fastify: addresses, CIDRs or names such as `loopback`, or a number of hops (as Express took it). */
function trustedProxies(setting: string | null): string | ((address: string, hop: number) => boolean) | false {
  if (setting === null) return false;
  if (!/^\d+$/.test(setting)) return setting;
  const hops = Number(setting);
  return (_address, hop) => hop < hops;
}

/**
 * JSON bodies (JSON_MEDIA_TYPES) up to config.bodyLimit; imports upload a workbook as the raw body (one request per
 * file, whatever its rows) up to config.importLimit. A body of any other type is left unread: the route answers 401,
 * 403 or 404 first, then 415 (JsonBodyInterceptor).
 */
function useBodyParsers(fastify: FastifyInstance, config: LedgerConfig): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_MEDIA_TYPE, { parseAs: 'buffer', bodyLimit: config.bodyLimit }, (req, body: Buffer, done) => {
    done(null, parseLedgerJson(req.headers['content-type'], body));
  });
  fastify.addContentTypeParser(EXPORT_MEDIA_TYPES.xlsx, { parseAs: 'buffer', bodyLimit: config.importLimit }, (_req, body, done) => done(null, body));
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
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
async function serveConsole(app: NestFastifyApplication, config: LedgerConfig): Promise<void> {
  if (!existsSync(join(config.consoleDir, 'index.html'))) {
    new Logger('ledger').warn(`no web console in ${config.consoleDir}: run npm run build:console`);
    return;
  }
  await app.register(fastifyStatic, {
    root: config.consoleDir,
    index: 'index.html',
    cacheControl: false,
    setHeaders: (reply, path) => reply.header('Cache-Control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
  });
}
