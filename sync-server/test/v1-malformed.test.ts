// V1: every route in the OpenAPI document gets malformed input; only 4xx come back, in the error shape, no stack.
// The routes are read from /openapi.json, so every route added later with createRoute is covered automatically.
import { createRoute, z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from '../src/app-env.ts';
import type { RouteMount } from '../src/app.ts';
import { createAuthModule } from '../src/auth/index.ts';
import { ManualClock } from '../src/clock.ts';
import { openTestStorage, storageKinds, warnIfPostgresSkipped, type TestStorage } from '../src/storage/testing.ts';
import { buildApp } from './helpers.ts';
import { extraMounts } from './v1-mounts.ts';

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; $ref?: string };
interface Operation {
  parameters?: { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: Schema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** A route beyond the built-in ones with params, query and a nested body, so every input kind is exercised today. */
function sampleRoutes(): RouteMount {
  const routes = createRouter();
  routes.openapi(
    createRoute({
      method: 'post',
      path: '/items/{id}',
      request: {
        params: z.object({ id: z.uuid() }),
        query: z.object({ limit: z.coerce.number().int().min(1).max(100).optional() }),
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                name: z.string().min(1).max(100),
                tags: z.array(z.string().max(30)).max(10),
                meta: z.object({ level: z.number().int() }),
              }),
            },
          },
        },
      },
      responses: { 201: { description: 'created' } },
    }),
    (c) => c.json({ id: c.req.valid('param').id, ...c.req.valid('json') }, 201),
  );
  return { path: '/api/v1-sample', routes };
}

const HUGE = 'x'.repeat(200_000);
/** NUL (which PostgreSQL cannot store), other C0 and C1 controls, and a line separator. */
const CONTROL_STRINGS = ['\u0000', 'a\u0000b', 'name\u001b[31m', '\u0007bell', 'x\u0085y', 'a\u2028b'];

warnIfPostgresSkipped();
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

function resolve(doc: Doc, s: Schema | undefined): Schema | undefined {
  if (s?.$ref) return doc.components?.schemas?.[s.$ref.split('/').pop()!];
  return s;
}

const typeOf = (s: Schema | undefined) => (Array.isArray(s?.type) ? s.type[0] : s?.type);

/** Body fields that name or identify something: control characters in them must be refused with a 4xx. */
const IDENTIFIER_FIELDS = new Set(['username', 'name', 'profile_name', 'userName', 'characterId', 'model', 'voice', 'sampleId', 'timeZone', 'locale']);

function plausibleValue(s: Schema | undefined): unknown {
  switch (typeOf(s)) {
    case 'string':
      return 'plausible text';
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return null;
  }
}

/** Values of the wrong type for a JSON-schema type. */
function wrongValues(s: Schema | undefined): unknown[] {
  const t = Array.isArray(s?.type) ? s.type[0] : s?.type;
  switch (t) {
    case 'string':
      return [12345, true, null, ['a'], { a: 1 }, HUGE];
    case 'number':
    case 'integer':
      return ['12', 1.5e308 * 10, -1e21, null, { a: 1 }, 'NaN'];
    case 'boolean':
      return ['true', 1, null];
    case 'array':
      return ['a', { 0: 'a' }, Array.from({ length: 10_000 }, () => HUGE.slice(0, 10))];
    case 'object':
      return ['a', [], 7];
    default:
      return [null, HUGE];
  }
}

interface Probe {
  label: string;
  init: RequestInit;
  query?: string;
  /** Must this probe be refused? Only when the route declares something the probe breaks. */
  mustRefuse: boolean;
}

function bodyProbes(doc: Doc, op: Operation): Probe[] {
  const json = op.requestBody?.content?.['application/json'];
  const declared = json !== undefined;
  const schema = resolve(doc, json?.schema);
  const required = schema?.required ?? [];
  const bodyRequired = op.requestBody?.required === true;
  const send = (body: string, type = 'application/json'): RequestInit => ({ body, headers: { 'content-type': type } });
  const probes: Probe[] = [
    { label: 'malformed JSON', init: send('{"a":'), mustRefuse: declared },
    { label: 'JSON null', init: send('null'), mustRefuse: declared && bodyRequired },
    { label: 'JSON array', init: send('[]'), mustRefuse: declared && bodyRequired },
    { label: 'JSON string', init: send('"text"'), mustRefuse: declared && bodyRequired },
    { label: 'deep array nesting', init: send(deep(10_000)), mustRefuse: declared && bodyRequired },
    { label: 'deep object nesting', init: send(deepObject(5_000)), mustRefuse: declared && bodyRequired && required.length > 0 },
    { label: '__proto__ key', init: send('{"__proto__":{"isAdmin":true,"role":"owner"}}'), mustRefuse: declared && required.length > 0 },
    { label: 'constructor.prototype', init: send('{"constructor":{"prototype":{"isAdmin":true}}}'), mustRefuse: declared && required.length > 0 },
    { label: 'missing fields', init: send('{}'), mustRefuse: declared && required.length > 0 },
    { label: 'text/plain body', init: send('{"a":1}', 'text/plain'), mustRefuse: declared && bodyRequired },
    { label: 'form body', init: send('a=1&b=2', 'application/x-www-form-urlencoded'), mustRefuse: declared && bodyRequired },
    { label: 'no content type', init: { body: '{"a":1}' }, mustRefuse: declared && bodyRequired },
    { label: 'huge body', init: send(`{"a":"${'y'.repeat(2_000_000)}"}`), mustRefuse: true },
  ];
  // A plausible object with one string field at a time holding control characters: never a 5xx (on PostgreSQL
  // above all, which cannot store NUL); names and ids must refuse them, free text may keep newlines.
  const plausible = Object.fromEntries(Object.entries(schema?.properties ?? {}).map(([k, v]) => [k, plausibleValue(resolve(doc, v))]));
  for (const [name, prop] of Object.entries(schema?.properties ?? {})) {
    if (typeOf(resolve(doc, prop)) !== 'string') continue;
    for (const [i, bad] of CONTROL_STRINGS.entries()) {
      probes.push({ label: `${name} control #${i}`, init: send(JSON.stringify({ ...plausible, [name]: bad })), mustRefuse: IDENTIFIER_FIELDS.has(name) });
    }
  }
  // A valid-looking object with one field of the wrong type at a time.
  for (const name of Object.keys(schema?.properties ?? {})) {
    for (const [i, bad] of wrongValues(resolve(doc, schema?.properties?.[name])).entries()) {
      const body: Record<string, unknown> = { [name]: bad };
      probes.push({ label: `${name} wrong #${i}`, init: send(JSON.stringify(body)), mustRefuse: true });
    }
  }
  return probes;
}

function queryProbes(doc: Doc, op: Operation): Probe[] {
  const probes: Probe[] = [
    { label: 'junk query', init: {}, query: `?__proto__[x]=1&a[]=1&a=2&z=${HUGE.slice(0, 4000)}`, mustRefuse: false },
  ];
  for (const p of op.parameters ?? []) {
    if (p.in !== 'query') continue;
    for (const bad of ['abc', '-99999999999999999999', '1e999', HUGE.slice(0, 4000), '%00', '\u0000', 'a\u001bb']) {
      const declaredType = resolve(doc, p.schema)?.type;
      probes.push({ label: `query ${p.name}=${bad.slice(0, 10)}`, init: {}, query: `?${p.name}=${encodeURIComponent(bad)}`, mustRefuse: declaredType !== 'string' });
    }
  }
  return probes;
}

const BAD_PARAMS = ['x', '..%2f..%2fetc', '%00', 'A'.repeat(3000), '-1', '__proto__', '%F0%9F%92%A9'];

function concretePaths(path: string): { path: string; broken: boolean }[] {
  if (!path.includes('{')) return [{ path, broken: false }];
  // A plausible id first (so bodies and queries reach validation), then hostile ones.
  const plausible = { path: path.replace(/\{[^}]+\}/g, '0b6f1c2e-8d4a-4f3b-9c7e-2a1d5e6f7a8b'), broken: false };
  return [plausible, ...BAD_PARAMS.map((v) => ({ path: path.replace(/\{[^}]+\}/g, v), broken: true }))];
}

describe.each(storageKinds)('V1: malformed input to every route on $kind', ({ kind, skip }) => {
  let storage: TestStorage;
  let app: ReturnType<typeof buildApp>['app'];
  beforeAll(async () => {
    if (skip) return;
    // The real auth module over this database, so /api/auth/* is probed as shipped; a cheap scrypt keeps it quick.
    storage = await openTestStorage(kind);
    const clock = new ManualClock(Date.now());
    const auth = createAuthModule({
      db: storage.db,
      config: { jwtSecret: 'a3f9c2e17b6d4085f1e2d3c4b5a6978812ab34cd56ef7890a1b2c3d4e5f60718', registration: 'open', passwordParams: { ln: 10, r: 8, p: 1 } },
      clock,
    });
    app = buildApp({
      auth,
      clock,
      routes: [sampleRoutes(), ...extraMounts(storage.db)],
      env: Object.fromEntries(['AUTH', 'CHAT', 'SYNTHESIS', 'VOICE_CLONE', 'SYNC', 'DEFAULT'].map((t) => [`RATE_LIMIT_${t}`, '1000000/60'])),
    }).app;
    const reg = await app.request('/api/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'prober', password: 'a long enough password 1' }),
    });
    expect(reg.status).toBe(201);
  });
  afterAll(() => storage?.dispose());

  /** A fresh token per route: probing /logout must not starve the routes after it of a valid session. */
  async function freshToken(): Promise<string> {
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'prober', password: 'a long enough password 1' }),
    });
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  it.skipIf(skip)('lists the routes it will probe', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as Doc;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/health', '/api/status', '/api/auth/login', '/api/auth/register', '/api/auth/me', '/api/v1-sample/items/{id}']),
    );
  });

  it.skipIf(skip)('answers every probe below 500, in the error shape, without a stack', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as Doc;
    const failures: string[] = [];
    let probes = 0;
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const token = await freshToken();
        const withBody = method !== 'get' && method !== 'head';
        const all = [...(withBody ? bodyProbes(doc, op) : []), ...queryProbes(doc, op)];
        for (const { path, broken } of concretePaths(template)) {
          // With broken path params, one probe is enough: the params alone must be refused.
          const list: Probe[] = broken ? [{ label: 'bad path param', init: withBody ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}, mustRefuse: true }] : all;
          for (const probe of list) {
            probes++;
            const headers = { authorization: `Bearer ${token}`, ...(probe.init.headers as Record<string, string> | undefined) };
            const res = await app.request(`${path}${probe.query ?? ''}`, { ...probe.init, method: method.toUpperCase(), headers });
            const text = await res.text();
            const where = `${method.toUpperCase()} ${path.slice(0, 60)} [${probe.label}] → ${res.status}`;
            if (res.status >= 500) failures.push(`${where}: ${text.slice(0, 200)}`);
            else if (probe.mustRefuse && res.status < 400) failures.push(`${where}: accepted`);
            if (res.status >= 400) {
              const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
              if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string') failures.push(`${where}: bad error body ${text.slice(0, 200)}`);
              if (/\bat .+:\d+:\d+|"stack"/.test(text)) failures.push(`${where}: stack in body`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(probes).toBeGreaterThan(100);
  });
});
