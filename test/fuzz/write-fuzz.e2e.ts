/**
 * Hostile input on every write route of the OpenAPI document (fast-check): random and schema-shaped
 * bodies with hostile values, prototype-pollution keys, deep nesting, huge and strange strings,
 * hostile headers and paths. Never a 5xx, errors always problem+json, nothing appended unless 201.
 * `FUZZ_RUNS` sets the runs per route and kind (default 60).
 */
import fc from 'fast-check';
import { ROLES } from '../../libs/platform/tokens.js';
import { startLedger, type TestLedger } from '../support/ledger-app.js';
import {
  ROLE_TOKENS,
  admittedRoles,
  closeAgent,
  fillPath,
  headOf,
  isWrite,
  listenOnLoopback,
  openApi,
  resolveSchema,
  routesOf,
  send,
  type OpenApi,
  type Route,
  type SchemaObject,
} from '../support/http-routes.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

let ledger: TestLedger;
let base: string;
let doc: OpenApi;
let writes: Route[];
let projectId: string;
let tried = 0;
const statuses = new Map<number, number>();
const tokenFor = new Map<string, string>();

beforeAll(async () => {
  ledger = await startLedger();
  base = await listenOnLoopback(ledger.app);
  doc = await openApi(base);
  writes = routesOf(doc).filter(isWrite);
  for (const route of writes) {
    const roles = await admittedRoles(base, route);
    tokenFor.set(`${route.method} ${route.template}`, ROLE_TOKENS[roles[0] ?? ROLES[0]]);
  }
  await ledger.as('admin').post('/v1/units').send({ unitId: 'fz-county', name: '模糊縣', kind: 'county' }).expect(201);
  await ledger.as('admin').post('/v1/units').send({ unitId: 'fz-town', name: '模糊鎮', kind: 'township', parentId: 'fz-county' }).expect(201);
  const lead = await ledger
    .as('recorder')
    .post('/v1/projects')
    .send({
      name: '模糊項目',
      investor: '模糊集團',
      origin: 'domestic',
      sector: 'secondary',
      plannedInvestment: { amount: '1000000.00', currency: 'CNY' },
      unitId: 'fz-town',
      leadOn: '2026-01-05',
    })
    .expect(201);
  projectId = lead.body.projectId as string;
}, 60_000);

afterAll(async () => {
  closeAgent();
  await ledger.close();
  const counts = [...statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(', ');
  console.log(`fuzz: ${tried} hostile inputs tried over ${writes.length} write routes (statuses ${counts})`);
});

/** A known good value for each path parameter, so bodies reach validation and the domain. */
const goodParam = (p: string) => (p === 'id' ? projectId : p === 'unitId' ? 'fz-town' : p === 'period' ? '2026-H1' : `fz-${p}`);

const SQL = ["'; DROP TABLE events; --", '1 OR 1=1', "' OR ''='", 'Robert"); DELETE FROM idempotency;--', '0x00; PRAGMA user_version = 99'];
const SCRIPT = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)', '{{7*7}}', '${7*7}', '../../etc/passwd'];
const UNICODE = ['\u0000', '\uFEFF', '\u202Eevil', '\uD800', '\uDFFF', 'a\u0301', '𝕏𝕐', '\u200B', '１００.００', '٣', 'İ', '\r\n', ' 100.00 '];
const LOOKALIKES = [
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '+002026-01-01',
  '1e309',
  '-0.00',
  '0.001',
  'NaN',
  'Infinity',
  '0x10',
  '1,000.00',
  '2026-H3',
  '2026-Q5',
  '-1',
];

const hostileString = fc.oneof(
  fc.constantFrom(...SQL, ...SCRIPT, ...UNICODE, ...LOOKALIKES, '', ' '),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer({ min: 200, max: 120_000 }).map((n) => 'x'.repeat(n)),
);

/** Nested arrays/objects far deeper than any DTO. */
const deep = fc.integer({ min: 50, max: 3000 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { nested: value };
  return value;
});

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant({}),
  fc.constant([]),
  deep,
  fc.jsonValue({ maxDepth: 3 }),
);

/** A plausible value for a schema, so a mutated body is valid everywhere but where it is hostile. */
function plausible(schema: SchemaObject): unknown {
  const s = resolveSchema(doc, schema);
  if (s.example !== undefined) return s.example;
  if (s.enum?.length) return s.enum[0];
  if (s.properties) return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, plausible(v)]));
  if (s.type === 'array') return s.items ? [plausible(s.items)] : [];
  if (s.type === 'number' || s.type === 'integer') return 2026;
  if (s.type === 'boolean') return true;
  return '2026-03-01';
}

const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', '__defineGetter__', 'hasOwnProperty', 'toString'];

/** Raw JSON text for a body: schema-shaped with hostile leaves, pollution keys spliced in as literal JSON keys. */
function bodyArbitrary(route: Route): fc.Arbitrary<string> {
  const schema = route.body ? resolveSchema(doc, route.body) : { properties: {} };
  const fields = Object.keys(schema.properties ?? {});
  const shaped = fc
    .record({
      drop: fc.subarray(fields, { maxLength: Math.min(2, fields.length) }),
      replace: fc.dictionary(fields.length ? fc.constantFrom(...fields) : fc.constant('x'), hostileValue, { maxKeys: 3 }),
      nestedHostile: fc.option(
        fc.tuple(
          fields.length ? fc.constantFrom(...fields) : fc.constant('x'),
          fc.constantFrom(...POLLUTION_KEYS, 'amount', 'currency', 'extra'),
          hostileValue,
        ),
      ),
      pollution: fc.option(fc.tuple(fc.constantFrom(...POLLUTION_KEYS), fc.oneof(fc.constant({ isAdmin: true, role: 'admin' }), hostileValue))),
    })
    .map(({ drop, replace, nestedHostile, pollution }) => {
      const body = plausible(schema) as Record<string, unknown>;
      for (const f of drop) delete body[f];
      Object.assign(body, replace);
      if (nestedHostile) {
        const [field, key, value] = nestedHostile;
        const inner = typeof body[field] === 'object' && body[field] !== null && !Array.isArray(body[field]) ? (body[field] as Record<string, unknown>) : {};
        body[field] = JSON.parse(
          `{${Object.entries(inner)
            .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
            .concat(`${JSON.stringify(key)}:${JSON.stringify(value)}`)
            .join(',')}}`,
        );
      }
      const text = JSON.stringify(body);
      if (!pollution) return text;
      const [key, value] = pollution;
      return `{${JSON.stringify(key)}:${JSON.stringify(value)}${text === '{}' ? '' : `,${text.slice(1, -1)}`}}`;
    });
  const random = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.constantFrom(
      '',
      'null',
      '[]',
      '"string"',
      '42',
      'true',
      '{',
      '{"a":}',
      '{"a":1,"a":2}',
      '\uFEFF{}',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      `${'['.repeat(20000)}${']'.repeat(20000)}`,
      `{"a":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`,
      '{"amount": 1e400}',
    ),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.integer({ min: 262_000, max: 400_000 }).map((n) => JSON.stringify({ name: 'x'.repeat(n) })),
  );
  return fc.oneof({ weight: 3, arbitrary: shaped }, { weight: 1, arbitrary: random });
}

const headersArbitrary = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/problem+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=utf-16',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
    ),
    'idempotency-key': fc.oneof(
      fc.uuid(),
      fc.constantFrom('', ' ', 'a'.repeat(201), 'key with spaces', '../../x', "'; DROP TABLE idempotency;--"),
      fc.string({ unit: 'binary-ascii', maxLength: 30 }).filter((s) => /^[\t\x20-\x7e]*$/.test(s)),
    ),
    'if-match': fc.oneof(fc.constantFrom('*', '0', '"0"', 'W/"0"', '-1', '99999999999', 'abc', '1.5', '0x1', ''), fc.nat().map(String)),
    'x-forwarded-for': fc.constantFrom('127.0.0.1', '1.2.3.4, 5.6.7.8'),
    accept: fc.constantFrom('application/json', 'text/html', '*/*'),
  },
  { requiredKeys: ['content-type'] },
);

/** Percent-encodes the UTF-8 bytes of a string (a lone surrogate becomes U+FFFD, as on the wire). */
const percentEncode = (text: string) =>
  [...Buffer.from(text, 'utf8')]
    .map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');

async function expectSafe(method: string, path: string, headers: Record<string, string>, body: string): Promise<void> {
  const before = await headOf(ledger);
  const reply = await send(base, method, path, { headers, body });
  const after = await headOf(ledger);
  tried++;
  statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
  const where = `${method} ${path.slice(0, 120)} ${body.slice(0, 200)}`;
  expect({ where, status: reply.status < 500 }).toEqual({ where, status: true });
  if (reply.status >= 400) {
    expect({ where, type: reply.headers['content-type'] }).toEqual({ where, type: expect.stringMatching(/^application\/problem\+json/) });
    const problem = JSON.parse(reply.text) as { type: unknown; title: unknown; status: unknown; detail: unknown };
    expect(problem).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status: reply.status, detail: expect.any(String) }));
  }
  if (reply.status !== 201) expect({ where, appended: after - before }).toEqual({ where, appended: 0 });
  // Nothing a client sent may pollute the server's prototypes.
  expect(({} as Record<string, unknown>).polluted ?? ({} as Record<string, unknown>).isAdmin).toBeUndefined();
}

describe('every write route', () => {
  it('survives hostile bodies and headers', async () => {
    expect(writes.length).toBeGreaterThanOrEqual(14);
    for (const route of writes) {
      const token = tokenFor.get(`${route.method} ${route.template}`)!;
      await fc.assert(
        fc.asyncProperty(bodyArbitrary(route), headersArbitrary, async (body, headers) => {
          const all: Record<string, string> = { ...(headers as Record<string, string>), authorization: `Bearer ${token}` };
          await expectSafe(route.method, fillPath(route, goodParam), all, body);
        }),
        { numRuns: RUNS },
      );
    }
  }, 240_000);

  it('survives hostile paths and path parameters', async () => {
    const hostileSegment = fc.oneof(
      hostileString.filter((s) => s.length < 2000),
      fc.constantFrom('..', '.', '%2e%2e', '%00', '%', '%ZZ', '%2F', '%C0%AF', '%FF%FE', '%E2%80%AE', 'stalled', '00000000-0000-0000-0000-000000000000'),
    );
    for (const route of writes.filter((r) => r.params.length > 0)) {
      const token = tokenFor.get(`${route.method} ${route.template}`)!;
      await fc.assert(
        fc.asyncProperty(hostileSegment, fc.boolean(), async (segment, raw) => {
          // Raw segments go as typed where HTTP allows (percent signs, dots); others percent-encoded.
          const path = route.template.replace(/\{([^}]+)\}/g, () =>
            raw && /^[\x21-\x7e]+$/.test(segment) && !segment.includes('/') && !segment.includes('?') && !segment.includes('#')
              ? segment
              : percentEncode(segment),
          );
          const body = JSON.stringify(plausible(route.body ?? {}));
          await expectSafe(route.method, path, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body);
        }),
        { numRuns: RUNS },
      );
    }
  }, 240_000);

  it('answers unknown methods and routes under /v1 with problem+json and appends nothing', async () => {
    for (const route of writes) {
      for (const method of ['PUT', 'PATCH', 'DELETE']) {
        await expectSafe(
          method,
          fillPath(route, goodParam),
          { authorization: `Bearer ${tokenFor.get(`${route.method} ${route.template}`)}`, 'content-type': 'application/json' },
          '{}',
        );
      }
    }
    await expectSafe('POST', '/v1/nowhere/../projects', { authorization: `Bearer ${ROLE_TOKENS.recorder}`, 'content-type': 'application/json' }, '{}');
  });
});

describe('what the fuzz found', () => {
  it('refuses a number beyond a double as 400, not 500', async () => {
    const reply = await send(base, 'POST', '/v1/projects', {
      headers: { authorization: `Bearer ${ROLE_TOKENS.recorder}`, 'content-type': 'application/json' },
      body: '{"plannedInvestment": 1e400}',
    });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.text)).toMatchObject({ status: 400, detail: 'a number in the body is out of range' });
  });

  it('refuses nesting deeper than 32 levels as 400, not a stack overflow', async () => {
    const deepReason = `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`;
    const reply = await send(base, 'POST', `/v1/projects/${projectId}/abandonment`, {
      headers: { authorization: `Bearer ${ROLE_TOKENS.recorder}`, 'content-type': 'application/json' },
      body: `{"reason": ${deepReason}, "abandonedOn": "2026-03-01"}`,
    });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.text)).toMatchObject({ status: 400, detail: 'the body nests deeper than 32 levels' });
  });
});
