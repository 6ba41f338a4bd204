/**
 * Route tables from the running application's own OpenAPI document (`/docs-json`), so the security,
 * fuzz and role tests cover every route a capability adds without being edited; and a raw HTTP client
 * on 127.0.0.1 that sends exactly the bytes, headers and paths a test gives it.
 */
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { EventStore } from '../../libs/event-store/index.js';
import { ANONYMOUS_ROUTES } from '../../libs/accounts/index.js';
import { EVENT_STORE } from '../../libs/platform/injection.js';
import { ROLES, type Role } from '../../libs/platform/tokens.js';
import { TOKENS, type TestLedger } from './ledger-app.js';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

/** One request, bytes as given. `path` must already be percent-encoded where HTTP needs it; `from` picks the client's loopback address. */
export function send(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string | string[]>; body?: string | Buffer; from?: string } = {},
): Promise<Reply> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    // `from`: another loopback source address (127.0.0.2, …), as a second client would have.
    const source = options.from ? { localAddress: options.from, agent: false as const } : { agent };
    const req = request(
      {
        host: '127.0.0.1',
        port: url.port,
        method,
        path,
        ...source,
        headers: { ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export function closeAgent(): void {
  agent.destroy();
}

/** Listens on an ephemeral loopback port and returns the base URL. */
export async function listenOnLoopback(app: NestFastifyApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (typeof address !== 'object' || address === null) throw new Error('the app is not listening');
  return `http://127.0.0.1:${address.port}`;
}

export interface SchemaObject {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  allOf?: SchemaObject[];
}

export interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: SchemaObject }> } }>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

export interface Route {
  method: string;
  /** The OpenAPI template, e.g. `/v1/projects/{id}/signing`. */
  template: string;
  params: string[];
  body: SchemaObject | null;
}

export async function openApi(base: string): Promise<OpenApi> {
  const reply = await send(base, 'GET', '/docs-json');
  if (reply.status !== 200) throw new Error(`/docs-json answered ${reply.status}`);
  return JSON.parse(reply.text) as OpenApi;
}

/** Every /v1 route in the document. */
export function routesOf(doc: OpenApi): Route[] {
  return Object.entries(doc.paths)
    .filter(([template]) => template.startsWith('/v1'))
    .flatMap(([template, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        template,
        params: [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
      })),
    )
    .sort((a, b) => `${a.template} ${a.method}`.localeCompare(`${b.template} ${b.method}`));
}

export function resolveSchema(doc: OpenApi, schema: SchemaObject): SchemaObject {
  if (schema.$ref) return resolveSchema(doc, doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')] ?? {});
  if (schema.allOf?.length === 1) return resolveSchema(doc, schema.allOf[0]);
  return schema;
}

export function fillPath(route: Route, value: (param: string) => string): string {
  return route.template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(value(name)));
}

/** The routes anyone may call without a token (signing in, setting a password with a setup code). */
export const ANONYMOUS = new Set<string>(ANONYMOUS_ROUTES.map(([method, path]) => `${method} ${path}`));

/**
 * Routes on the caller's own credentials (signing in and out, setting a password, personal API
 * tokens): they touch the credentials file, never the ledger, so every role may call them.
 */
export const CREDENTIAL_ROUTES = new Set<string>([...ANONYMOUS, 'DELETE /v1/sessions/current', 'POST /v1/me/tokens', 'DELETE /v1/me/tokens/{tokenId}']);

/** The only POSTs readers may call; none appends an event: the digest and checkpoint checks, and signing a checkpoint (a line in checkpoints.jsonl). */
export const READING_POSTS = new Set(['POST /v1/audit/digest/check', 'POST /v1/audit/checkpoints/check', 'POST /v1/audit/checkpoints']);
export const isWrite = (route: Route) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method) && !READING_POSTS.has(`${route.method} ${route.template}`);

/** The unscoped token of each role in the e2e ledger. */
export const ROLE_TOKENS: Record<Role, string> = {
  admin: TOKENS.admin,
  recorder: TOKENS.recorder,
  assessor: TOKENS.assessor,
  finance: TOKENS.finance,
  auditor: TOKENS.auditor,
  supervisor: TOKENS.supervisor,
};

const PROBE_ID = '00000000-0000-4000-8000-000000000000';

/** Which roles the guard admits on a route: probed with an empty body, so an admitted role meets validation, not the store. */
export async function admittedRoles(base: string, route: Route, tokens: Record<Role, string> = ROLE_TOKENS): Promise<Role[]> {
  const path = fillPath(route, (p) => (p === 'id' ? PROBE_ID : p === 'period' ? '2026-H1' : `probe-${p}`));
  const admitted: Role[] = [];
  for (const role of ROLES) {
    const reply = await send(base, route.method, path, {
      headers: { authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json' },
      body: route.method === 'GET' ? undefined : '{}',
    });
    if (reply.status !== 403 || !/role may not do this/.test(reply.text)) admitted.push(role);
  }
  return admitted;
}

/** The store's head position: unchanged means nothing was appended. */
export function headOf(ledger: TestLedger): Promise<number> {
  return ledger.app.get<symbol, EventStore>(EVENT_STORE).headPosition();
}
