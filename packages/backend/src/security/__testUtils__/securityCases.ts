import crypto from 'node:crypto';
import {
  OperationAccess,
  Parameter,
  Schema,
  SpecOperation,
} from './pluginSpecs';
import { SchemaValues } from './schemaValues';

/** One HTTP request of a case. */
export interface CaseRequest {
  method: SpecOperation['method'];
  /** Path and query, percent-encoded as sent. */
  url: string;
  authorization?: string;
  contentType?: string;
  body?: string | Buffer;
}

/** What a case's answer must be. */
export type Expectation =
  | { status: number }
  /** 403, or 404 for an operation on one resource (the caller may not know it). */
  | { denied: true }
  /** Any 4xx: the input is outside the contract or its limits. */
  | { clientError: true }
  /** Anything but a 5xx: the input is within the contract. */
  | { noServerError: true };

/** One request of the suite and the answer it must get. */
export interface SecurityCase {
  operation: SpecOperation;
  name: string;
  request: CaseRequest;
  expect: Expectation;
}

/** Why `status` does not meet `expect`, or undefined when it does. */
export function unmet(expect: Expectation, status: number): string | undefined {
  if (status >= 500) return `a server error (${status})`;
  if ('status' in expect) {
    return status === expect.status
      ? undefined
      : `${status}, not ${expect.status}`;
  }
  if ('denied' in expect) {
    return status === 403 || status === 404
      ? undefined
      : `${status}, not 403 or 404`;
  }
  if ('clientError' in expect) {
    return status >= 400 ? undefined : `${status}, not a 4xx`;
  }
  return undefined;
}

/** The callers of the suite, as Authorization headers. */
export interface Callers {
  /** A user holding every permission (a platform admin). */
  admin: string;
  /** A signed-in user with no roles at all. */
  nobody: string;
  /** A Backstage service token of plugin `pluginId`, for `targetPluginId`. */
  service(pluginId: string, targetPluginId: string): string;
}

/** A plugin id no operation names, for "another plugin's service". */
export const OUTSIDER_PLUGIN = 'security-suite-outsider';
/** The plugin the suite names in `servicesFromConfig` keys. */
export const CONFIGURED_PLUGIN = 'security-suite-caller';

/** A well-formed JWT signed with a key nobody knows. */
function forgedJwt(): string {
  const encode = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'ES256', kid: crypto.randomUUID() });
  const now = Math.floor(Date.now() / 1000);
  const payload = encode({
    sub: 'user:default/ada',
    ent: ['user:default/ada', 'group:default/platform-admins'],
    iss: 'http://localhost:7007/api/auth',
    aud: 'backstage',
    iat: now,
    exp: now + 3600,
  });
  const signature = crypto
    .createHmac('sha256', crypto.randomBytes(32))
    .update(`${header}.${payload}`)
    .digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/**
 * Who the bad-input cases run as: someone the operation admits, so that the
 * input is what is refused. `null`: no credentials (public operations);
 * `undefined`: nobody the suite can act as.
 */
export function admittedCaller(
  operation: SpecOperation,
  access: OperationAccess,
  callers: Callers,
): string | null | undefined {
  const target = operation.plugin.pluginId;
  if (access.public) return null;
  if (access.permission || access.users) return callers.admin;
  if (access.services === 'any')
    return callers.service(CONFIGURED_PLUGIN, target);
  if (access.services && access.services.length > 0) {
    return callers.service(access.services[0], target);
  }
  if (access.servicesFromConfig)
    return callers.service(CONFIGURED_PLUGIN, target);
  return undefined;
}

/** Builds the requests of one operation from its contract. */
export class OperationRequests {
  constructor(
    readonly operation: SpecOperation,
    private readonly values: SchemaValues,
    /** Path parameter values of existing resources, by parameter name. */
    private readonly pathValues: Record<string, string>,
  ) {}

  private param(p: Parameter): string {
    const known = this.pathValues[p.name];
    if (p.in === 'path' && known !== undefined) return known;
    const value = this.values.example(p.schema);
    return String(Array.isArray(value) ? value.join(',') : value);
  }

  /** The URL with every path parameter and required query parameter. */
  url(
    overrides: {
      path?: Record<string, string>;
      query?: Record<string, string>;
    } = {},
  ) {
    const { operation } = this;
    let path = operation.path;
    for (const p of operation.parameters.filter(x => x.in === 'path')) {
      const raw = overrides.path?.[p.name] ?? encodeURIComponent(this.param(p));
      path = path.replace(`{${p.name}}`, raw);
    }
    const query = operation.parameters
      .filter(
        p => p.in === 'query' && (p.required || overrides.query?.[p.name]),
      )
      .map(
        p =>
          `${p.name}=${
            overrides.query?.[p.name] ?? encodeURIComponent(this.param(p))
          }`,
      );
    return `/api/${operation.plugin.pluginId}${path}${
      query.length ? `?${query.join('&')}` : ''
    }`;
  }

  /** The media type of the body and a valid body of it. */
  validBody():
    | { contentType: string; schema: Schema; value: unknown }
    | undefined {
    const body = this.operation.body;
    if (!body) return undefined;
    const [contentType, schema] =
      Object.entries(body.content).find(([type]) => type.includes('json')) ??
      Object.entries(body.content)[0];
    return { contentType, schema, value: this.values.example(schema) };
  }

  /** A request with the valid body (if any) and `authorization`. */
  valid(authorization?: string): CaseRequest {
    const body = this.validBody();
    return {
      method: this.operation.method,
      url: this.url(),
      authorization,
      contentType: body?.contentType,
      body: body ? serialize(body.contentType, body.value) : undefined,
    };
  }
}

function serialize(contentType: string, value: unknown): string {
  return contentType.includes('json') ? JSON.stringify(value) : String(value);
}

/** Cases of authentication and authorization, from the annotation. */
export function accessCases(
  requests: OperationRequests,
  access: OperationAccess,
  callers: Callers,
): SecurityCase[] {
  const { operation } = requests;
  if (access.public) return [];
  const as = (
    name: string,
    authorization: string | undefined,
    expect: Expectation,
  ) => ({
    operation,
    name,
    request: requests.valid(authorization),
    expect,
  });
  const cases: SecurityCase[] = [
    as('no token', undefined, { status: 401 }),
    as('a JWT signed with a random key', `Bearer ${forgedJwt()}`, {
      status: 401,
    }),
    as('a garbage bearer token', 'Bearer garbage.not-a-token', { status: 401 }),
  ];
  if (!access.users) {
    cases.push(
      as(
        'a user with no roles',
        callers.nobody,
        access.permission ? { denied: true } : { status: 403 },
      ),
    );
  }
  if (!access.permission && !access.users) {
    cases.push(
      as('a platform admin (users may not call it)', callers.admin, {
        status: 403,
      }),
    );
  }
  if (access.services !== undefined && access.services !== 'any') {
    cases.push(
      as(
        `a service of a plugin it does not name (plugin:${OUTSIDER_PLUGIN})`,
        callers.service(OUTSIDER_PLUGIN, operation.plugin.pluginId),
        { status: 403 },
      ),
    );
  }
  return cases;
}

const KIB = 1024;
const DEEP_LEVELS = 10_000;
/** A JSON value nested `levels` deep, as text (JSON.stringify would overflow). */
const deepJson = (levels: number) =>
  `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
/** Placeholder swapped for raw bytes after serializing. */
const INVALID_UTF8_MARK = 'SECURITY_SUITE_INVALID_UTF8';

/** A place in a JSON body and the schema there. */
interface BodyLocation {
  path: Array<string | number>;
  schema: Schema;
}

function setAt(
  value: unknown,
  path: Array<string | number>,
  next: unknown,
): unknown {
  if (path.length === 0) return next;
  const copy: any = Array.isArray(value)
    ? [...value]
    : { ...(value as object) };
  const [head, ...rest] = path;
  copy[head] = setAt(copy[head], rest, next);
  return copy;
}

function deleteAt(value: unknown, path: Array<string | number>): unknown {
  const copy: any = Array.isArray(value)
    ? [...value]
    : { ...(value as object) };
  const [head, ...rest] = path;
  if (rest.length === 0) {
    delete copy[head];
    return copy;
  }
  copy[head] = deleteAt(copy[head], rest);
  return copy;
}

function getAt(value: unknown, path: Array<string | number>): unknown {
  return path.reduce<any>((current, key) => current?.[key], value);
}

/** Wrong-typed values for a schema of `type`. */
function wrongTypes(type: string | undefined): unknown[] {
  switch (type) {
    case 'string':
      return [12345, { nested: 'x' }];
    case 'integer':
    case 'number':
      return ['12', true];
    case 'boolean':
      return ['true', 1];
    case 'array':
      return [{ '0': 'x' }, 'x'];
    case 'object':
      return [['x'], 'x'];
    default:
      return [];
  }
}

/** The schema-driven bad-input cases of one operation, run as `caller`. */
export function badInputCases(
  requests: OperationRequests,
  values: SchemaValues,
  caller: string | undefined,
): SecurityCase[] {
  const { operation } = requests;
  const cases: SecurityCase[] = [];
  const add = (
    name: string,
    request: Partial<CaseRequest>,
    expect: Expectation,
  ) =>
    cases.push({
      operation,
      name,
      request: { ...requests.valid(caller), ...request },
      expect,
    });

  // Path parameters: over-long, a lone surrogate percent-encoded, NUL.
  const hostileParams: Array<[string, string]> = [
    ['over-long (5,000 characters)', 'a'.repeat(5000)],
    ['a percent-encoded lone surrogate (%ED%A0%80)', '%ED%A0%80'],
    ['a NUL (%00)', 'x%00'],
  ];
  for (const p of operation.parameters.filter(x => x.in === 'path')) {
    for (const [what, raw] of hostileParams) {
      add(
        `path parameter ${p.name}: ${what}`,
        { url: requests.url({ path: { [p.name]: raw } }) },
        { clientError: true },
      );
    }
  }
  for (const p of operation.parameters.filter(x => x.in === 'query')) {
    const schema = values.resolve(p.schema);
    const numeric = schema.type === 'integer' || schema.type === 'number';
    const tries: Array<[string, string]> = [
      ...hostileParams,
      ...(numeric
        ? ([
            ['2^53', '9007199254740992'],
            ['1e308', '1e308'],
            ['1.5', '1.5'],
            ['-1', '-1'],
            ['not a number', 'abc'],
          ] as Array<[string, string]>)
        : []),
    ];
    for (const [what, raw] of tries) {
      add(
        `query parameter ${p.name}: ${what}`,
        { url: requests.url({ query: { [p.name]: raw } }) },
        queryValueValid(values, schema, raw)
          ? { noServerError: true }
          : { clientError: true },
      );
    }
  }

  const body = requests.validBody();
  if (!body) return cases;
  const { contentType, schema } = body;
  const send = (name: string, value: unknown) => {
    add(
      name,
      { body: serialize(contentType, value) },
      values.isValid(schema, value)
        ? { noServerError: true }
        : { clientError: true },
    );
  };
  add(
    'body: not JSON or cut off',
    { body: contentType.includes('json') ? '{"' : '\u0000' },
    contentType.includes('json')
      ? { clientError: true }
      : { noServerError: true },
  );
  if (operation.body?.required) {
    add(
      'body: none',
      { body: undefined, contentType: undefined },
      { clientError: true },
    );
  }
  add(
    `body: nested ${DEEP_LEVELS} levels deep`,
    { body: deepJson(DEEP_LEVELS), contentType: 'application/json' },
    { clientError: true },
  );
  add(
    'body: 1 MB',
    {
      body: JSON.stringify({ padding: 'a'.repeat(KIB * KIB) }),
      contentType: 'application/json',
    },
    { clientError: true },
  );

  if (!contentType.includes('json')) {
    // A text body: its one value is the string.
    for (const [what, text] of [
      ['a lone surrogate', `${body.value}\ud800`],
      ['a NUL', `${body.value}\u0000`],
      ['beyond maxLength', 'a'.repeat((schema.maxLength ?? KIB * KIB) + 1)],
    ] as Array<[string, string]>) {
      send(`body: ${what}`, text);
    }
    add(
      'body: raw invalid UTF-8',
      { body: Buffer.from([0x61, 0xff, 0xfe, 0xc3, 0x28]) },
      { noServerError: true },
    );
    return cases;
  }

  // Every place of the body, to three levels (array items: the first).
  const locations: BodyLocation[] = [];
  const walk = (at: Array<string | number>, raw: Schema, depth: number) => {
    const resolved = values.resolve(raw);
    locations.push({ path: at, schema: resolved });
    if (depth >= 3) return;
    for (const [name, child] of Object.entries(resolved.properties ?? {})) {
      walk([...at, name], child as Schema, depth + 1);
    }
    if (resolved.type === 'array' && resolved.items)
      walk([...at, 0], resolved.items, depth + 1);
  };
  walk([], schema, 0);

  const base = body.value;
  for (const { path, schema: here } of locations) {
    const where = path.length ? path.join('.') : '(the body)';
    // A place only exists in the base body when its parents do; fill them.
    const parent = path.length ? getAt(base, path.slice(0, -1)) : base;
    if (path.length && (parent === undefined || parent === null)) continue;
    const current = getAt(base, path) ?? values.example(here);
    for (const wrong of wrongTypes(here.type)) {
      send(
        `body ${where}: wrong type (${JSON.stringify(wrong)})`,
        setAt(base, path, wrong),
      );
    }
    if (here.type === 'object' || here.properties) {
      for (const name of here.required ?? []) {
        send(
          `body ${where}: without required ${name}`,
          deleteAt(setAt(base, path, current), [...path, name]),
        );
      }
      if (here.additionalProperties === false) {
        send(
          `body ${where}: an extra property`,
          setAt(base, path, { ...(current as object), securitySuiteExtra: 1 }),
        );
      }
      if (
        !here.properties &&
        here.additionalProperties !== false &&
        path.length
      ) {
        // Free-form JSON (e.g. metadata): deep nesting must be refused.
        const text = JSON.stringify(setAt(base, path, 'SECURITY_SUITE_DEEP'));
        add(
          `body ${where}: nested ${DEEP_LEVELS} levels deep`,
          {
            body: text.replace('"SECURITY_SUITE_DEEP"', deepJson(DEEP_LEVELS)),
          },
          { clientError: true },
        );
      }
    }
    if (here.type === 'string') {
      const text = typeof current === 'string' ? current : 'a';
      send(
        `body ${where}: a lone surrogate`,
        setAt(base, path, `${text}\ud800`),
      );
      send(`body ${where}: a NUL`, setAt(base, path, `${text}\u0000`));
      if (here.maxLength !== undefined) {
        send(
          `body ${where}: beyond maxLength`,
          setAt(base, path, 'a'.repeat(here.maxLength + 1)),
        );
      }
      const marked = JSON.stringify(setAt(base, path, INVALID_UTF8_MARK));
      const [before, after] = marked.split(INVALID_UTF8_MARK);
      add(
        `body ${where}: raw invalid UTF-8`,
        {
          body: Buffer.concat([
            Buffer.from(before),
            Buffer.from([0x61, 0xff, 0xfe, 0xc3, 0x28]),
            Buffer.from(after),
          ]),
        },
        { noServerError: true },
      );
    }
    if (here.type === 'integer' || here.type === 'number') {
      for (const [what, n] of [
        ['2^53', 2 ** 53],
        ['1e308', 1e308],
        ['1.5', 1.5],
        ['-1', -1],
      ] as Array<[string, number]>) {
        send(`body ${where}: ${what}`, setAt(base, path, n));
      }
    }
  }
  return cases;
}

function queryValueValid(
  values: SchemaValues,
  schema: Schema,
  raw: string,
): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // Not decodable: a server may keep the text as it came.
    decoded = raw;
  }
  if (schema.type === 'array') {
    return values.isValid(
      schema,
      decoded
        .split(',')
        .map(item => coerce(values.resolve(schema.items), item)),
    );
  }
  return values.isValid(schema, coerce(schema, decoded));
}

function coerce(schema: Schema, text: string): unknown {
  if (
    (schema.type === 'integer' || schema.type === 'number') &&
    /^-?[\d.e+]+$/i.test(text)
  ) {
    return Number(text);
  }
  if (schema.type === 'boolean' && (text === 'true' || text === 'false')) {
    return text === 'true';
  }
  return text;
}
