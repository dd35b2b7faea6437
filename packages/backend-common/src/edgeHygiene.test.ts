/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "expectRefused"] }] */
import { gzipSync } from 'node:zlib';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import request from 'supertest';
import {
  createEdgeHygieneMiddleware,
  EdgeHygieneOptions,
  exceedsJsonDepth,
  findJsonTextProblem,
  readEdgeHygieneOptions,
  urlProblem,
} from './edgeHygiene';

/**
 * The middleware in front of a plugin-like router that parses bodies with
 * express.json()/express.text() and echoes what it got, errors rendered by
 * Backstage's own error middleware.
 */
function appWithEdgeHygiene(options: Partial<EdgeHygieneOptions> = {}) {
  const app = express();
  app.use(createEdgeHygieneMiddleware(options));
  app.use(
    express.json(),
    express.text({ type: ['text/*', 'application/yaml'] }),
    express.urlencoded({ extended: false }),
  );
  app.all('*', (req, res) => {
    res.json({ body: req.body, query: req.query, path: req.path });
  });
  app.use(
    MiddlewareFactory.create({
      config: new ConfigReader({}),
      logger: mockServices.logger.mock(),
    }).error(),
  );
  return app;
}

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** Sends bytes as they are (superagent would JSON-encode a Buffer). */
const asIs = (body: string | Buffer) => body as unknown as string;

/** Posts `body` (sent as is) with a JSON content type. */
const postJson = (app: express.Express, body: string | Buffer) =>
  request(app)
    .post('/api/tenants/things')
    .set('content-type', 'application/json')
    .serialize(asIs)
    .send(body);

function expectRefused(
  res: request.Response,
  statusCode: number,
  name: string,
  message: RegExp,
) {
  expect(res.status).toBe(statusCode);
  expect(res.body).toEqual({
    error: { name, message: expect.stringMatching(message) },
    request: { method: expect.any(String), url: expect.any(String) },
    response: { statusCode },
  });
}

describe('createEdgeHygieneMiddleware', () => {
  const app = appWithEdgeHygiene();

  it('hands well-formed JSON on unchanged, emoji and non-Latin text included', async () => {
    const body = {
      name: 'Zoë 🚀 東京 Ελλάδα عربى',
      tags: ['👩🏽‍💻', 'ok'],
      nested: { deeper: [{ 键: 'значение' }] },
    };
    const res = await request(app).post('/api/tenants/things').send(body);
    expect(res.status).toBe(200);
    expect(res.body.body).toEqual(body);
  });

  it('hands the parsed body to express.json() without reading again', async () => {
    const res = await postJson(app, '{"a":1}');
    expect(res.status).toBe(200);
    expect(res.body.body).toEqual({ a: 1 });
  });

  it('accepts +json media types and a utf-8 charset', async () => {
    const res = await request(app)
      .post('/api/x')
      .set('content-type', 'application/merge-patch+json; charset=UTF-8')
      .send('{"a":"é"}');
    expect(res.status).toBe(200);
  });

  it('refuses a lone surrogate in a string, naming its JSON path', async () => {
    const res = await postJson(
      app,
      '{"invitations":[{"email":"x-\\ud800@acme.example"}]}',
    );
    expectRefused(
      res,
      400,
      'InputError',
      /\$\.invitations\[0\]\.email is not well-formed Unicode/,
    );
  });

  it('refuses a lone low surrogate and a reversed pair', async () => {
    for (const text of ['\\udc00', '\\udc00\\ud800', 'a\\ud83d']) {
      const res = await postJson(app, `{"a":"${text}"}`);
      expectRefused(res, 400, 'InputError', /\$\.a is not well-formed/);
    }
  });

  it('accepts an escaped surrogate pair (one emoji)', async () => {
    const res = await postJson(app, '{"a":"\\ud83d\\ude80"}');
    expect(res.status).toBe(200);
    expect(res.body.body).toEqual({ a: '🚀' });
  });

  it('refuses a lone surrogate in a key', async () => {
    const res = await postJson(app, '{"meta":{"k\\ud800":1}}');
    expectRefused(
      res,
      400,
      'InputError',
      /key "k\\ud800" at \$\.meta is not well-formed/,
    );
  });

  it('refuses NUL in a string or a key', async () => {
    expectRefused(
      await postJson(app, '{"name":"a\\u0000b"}'),
      400,
      'InputError',
      /\$\.name contains a NUL character/,
    );
    expectRefused(
      await postJson(app, '{"a\\u0000":1}'),
      400,
      'InputError',
      /key "a\\u0000" at \$ contains a NUL/,
    );
  });

  it.each([5_000, 100_000])(
    'refuses JSON nested %i levels deep with 400, not 500',
    async levels => {
      const res = await postJson(app, nested(levels));
      expectRefused(res, 400, 'InputError', /nested more than 64 levels/);
    },
  );

  it('refuses deep objects too', async () => {
    const deep = `${'{"a":'.repeat(65)}1${'}'.repeat(65)}`;
    expectRefused(
      await postJson(app, deep),
      400,
      'InputError',
      /nested more than 64 levels/,
    );
  });

  it('accepts exactly the depth limit and counts no brackets inside strings', async () => {
    expect((await postJson(app, nested(64))).status).toBe(200);
    const res = await postJson(app, JSON.stringify({ a: '[[[['.repeat(100) }));
    expect(res.status).toBe(200);
  });

  it('takes the depth limit from the options', async () => {
    const shallow = appWithEdgeHygiene({ maxJsonDepth: 2 });
    expect((await postJson(shallow, '{"a":[1]}')).status).toBe(200);
    expectRefused(
      await postJson(shallow, '{"a":[[1]]}'),
      400,
      'InputError',
      /more than 2 levels/,
    );
  });

  it('refuses a body over the size limit with 413', async () => {
    const small = appWithEdgeHygiene({ maxBodyBytes: 100 });
    const res = await postJson(small, JSON.stringify({ a: 'x'.repeat(200) }));
    expectRefused(
      res,
      413,
      'PayloadTooLargeError',
      /larger than the limit of 100 bytes/,
    );
  });

  it('refuses a 2 MiB body with the default limit of 1 MiB', async () => {
    const res = await postJson(
      app,
      JSON.stringify({ a: 'x'.repeat(2 * 1024 * 1024) }),
    );
    expectRefused(res, 413, 'PayloadTooLargeError', /1048576 bytes/);
  });

  it('counts the bytes of a chunked body without a Content-Length', async () => {
    const small = appWithEdgeHygiene({ maxBodyBytes: 100 });
    const req = request(small)
      .post('/api/x')
      .set('content-type', 'application/json')
      .set('transfer-encoding', 'chunked');
    req.write(`{"a":"${'x'.repeat(80)}`);
    req.write(`${'x'.repeat(80)}"}`);
    expectRefused(await req, 413, 'PayloadTooLargeError', /100 bytes/);
  });

  it('applies the limit of the plugin the path belongs to', async () => {
    const perPlugin = appWithEdgeHygiene({
      maxBodyBytes: 100,
      pluginMaxBodyBytes: { audit: 1000 },
    });
    const body = JSON.stringify({ a: 'x'.repeat(200) });
    const audit = await request(perPlugin)
      .post('/api/audit/events')
      .set('content-type', 'application/json')
      .send(body);
    expect(audit.status).toBe(200);
    const tenants = await request(perPlugin)
      .post('/api/tenants/tenants')
      .set('content-type', 'application/json')
      .send(body);
    expect(tenants.status).toBe(413);
  });

  it('limits the decompressed size of a gzip body', async () => {
    const small = appWithEdgeHygiene({ maxBodyBytes: 1000 });
    const zipped = (value: unknown) =>
      request(small)
        .post('/api/x')
        .set('content-type', 'application/json')
        .set('content-encoding', 'gzip')
        .serialize(asIs)
        .send(gzipSync(JSON.stringify(value)));
    const ok = await zipped({ a: 'é' });
    expect(ok.status).toBe(200);
    expect(ok.body.body).toEqual({ a: 'é' });
    // Compresses to a few hundred bytes, decompresses to 1 MB.
    const bomb = await zipped({ a: '0'.repeat(1_000_000) });
    expectRefused(bomb, 413, 'PayloadTooLargeError', /1000 bytes/);
  });

  it('refuses invalid UTF-8 bytes', async () => {
    for (const bytes of [
      [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d], // {"a":"\xff"}
      [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d], // encoded surrogate
      [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x22, 0x7d], // truncated sequence
    ]) {
      expectRefused(
        await postJson(app, Buffer.from(bytes)),
        400,
        'InputError',
        /not valid UTF-8/,
      );
    }
  });

  it('refuses charsets other than UTF-8 with 415', async () => {
    const res = await request(app)
      .post('/api/x')
      .set('content-type', 'application/json; charset=latin1')
      .send('{"a":1}');
    expectRefused(res, 415, 'UnsupportedMediaTypeError', /latin1/);
  });

  it('refuses JSON that is not an object or array, and malformed JSON', async () => {
    expectRefused(
      await postJson(app, '"just a string"'),
      400,
      'InputError',
      /object or an array/,
    );
    expectRefused(
      await postJson(app, '{"a":'),
      400,
      'InputError',
      /not valid JSON/,
    );
  });

  it('checks text bodies (YAML imports): NUL and invalid UTF-8 refused', async () => {
    const yaml = (body: string | Buffer) =>
      request(app)
        .post('/api/rbac/roles/import')
        .set('content-type', 'application/yaml')
        .send(body);
    const ok = await yaml('roles:\n  - name: 運用者 🛠\n');
    expect(ok.status).toBe(200);
    expect(ok.body.body).toBe('roles:\n  - name: 運用者 🛠\n');
    expectRefused(
      await yaml('name: a\u0000b\n'),
      400,
      'InputError',
      /contains a NUL character/,
    );
    expectRefused(
      await yaml(Buffer.from([0x61, 0xed, 0xa0, 0x80])),
      400,
      'InputError',
      /not valid UTF-8/,
    );
    const plain = await request(app)
      .post('/api/x')
      .set('content-type', 'text/plain')
      .send('a\u0000');
    expect(plain.status).toBe(400);
  });

  it.each([
    [
      'a percent-encoded lone surrogate in the path',
      '/api/tenants/tenants/a%ED%A0%80',
    ],
    [
      'a percent-encoded lone surrogate in the query',
      '/api/tenants/tenants?q=%ED%A0%80',
    ],
    ['NUL in the path', '/api/tenants/tenants/a%00'],
    ['NUL in the query', '/api/tenants/tenants?q=a%00'],
    ['an invalid byte', '/api/tenants/tenants?q=%FF'],
    ['a truncated sequence', '/api/tenants/tenants/%E6%9D'],
  ])('refuses %s', async (_case, url) => {
    const res = await request(app).get(url);
    expectRefused(res, 400, 'InputError', /^The URL /);
  });

  it('passes well-formed percent-encoded paths and queries on', async () => {
    const res = await request(app).get(
      `/api/x/${encodeURIComponent('東京')}?q=${encodeURIComponent(
        '🚀 é',
      )}&s=100%`,
    );
    expect(res.status).toBe(200);
    expect(res.body.path).toBe(`/api/x/${encodeURIComponent('東京')}`);
    expect(res.body.query).toEqual({ q: '🚀 é', s: '100%' });
  });

  describe('form bodies (OAuth token and revocation requests)', () => {
    const postForm = (body: string, target = app) =>
      request(target)
        .post('/api/x')
        .set('content-type', 'application/x-www-form-urlencoded')
        .send(body);

    it('hands them on as express.urlencoded() parses them', async () => {
      const res = await postForm(
        'grant_type=authorization_code&code=a+b%2Bc&name=%E6%9D%B1%E4%BA%AC%F0%9F%9A%80&empty=&flag',
      );
      expect(res.status).toBe(200);
      expect(res.body.body).toEqual({
        grant_type: 'authorization_code',
        code: 'a b+c',
        name: '東京🚀',
        empty: '',
        flag: '',
      });
    });

    it.each([
      ['a lone continuation byte', 'code=%80'],
      ['a truncated sequence', 'client_id=%E6%9D'],
      ['an encoded surrogate (CESU-8)', 'code=%ED%A0%80'],
      ['an invalid byte in a name', '%FF=1'],
    ])('refuses %s with 400', async (_name, body) => {
      expectRefused(
        await postForm(body),
        400,
        'InputError',
        /not valid UTF-8 once percent-decoded/,
      );
    });

    it('refuses NUL in a field', async () => {
      expectRefused(
        await postForm('code=a%00b'),
        400,
        'InputError',
        /A form field contains a NUL character/,
      );
    });

    it('refuses more than 1,000 fields and bodies over the limit', async () => {
      expectRefused(
        await postForm(
          Array.from({ length: 1001 }, (_, i) => `f${i}=1`).join('&'),
        ),
        400,
        'InputError',
        /more than 1000 fields/,
      );
      const small = appWithEdgeHygiene({ maxBodyBytes: 100 });
      expectRefused(
        await postForm(`code=${'x'.repeat(200)}`, small),
        413,
        'PayloadTooLargeError',
        /larger than the limit of 100 bytes/,
      );
    });
  });

  it('leaves requests without a body and other media types alone', async () => {
    expect((await request(app).get('/api/x')).status).toBe(200);
    const form = await request(app)
      .post('/api/x')
      .set('content-type', 'application/octet-stream')
      .send(Buffer.from([0xff, 0x00]));
    expect(form.status).toBe(200);
  });
});

describe('exceedsJsonDepth', () => {
  it('counts arrays and objects, not brackets in strings or escapes', () => {
    expect(exceedsJsonDepth('[[1]]', 2)).toBe(false);
    expect(exceedsJsonDepth('[[[1]]]', 2)).toBe(true);
    expect(exceedsJsonDepth('{"a":{"b":{}}}', 2)).toBe(true);
    expect(exceedsJsonDepth('["[[[[", "\\"[[[["]', 1)).toBe(false);
  });

  it('scans a million levels without recursion', () => {
    expect(exceedsJsonDepth('['.repeat(1_000_000), 64)).toBe(true);
  });
});

describe('findJsonTextProblem', () => {
  it('finds the first problem with its path, or none', () => {
    expect(findJsonTextProblem({ a: ['ok', { b: 'ünï 🚀' }] })).toBeUndefined();
    expect(findJsonTextProblem({ a: ['ok', { 'b c': '\ud800' }] })).toBe(
      'the string at $.a[1]["b c"] is not well-formed Unicode (it has a lone surrogate)',
    );
    expect(findJsonTextProblem(['\u0000'])).toBe(
      'the string at $[0] contains a NUL character (U+0000)',
    );
  });
});

describe('urlProblem', () => {
  it('decodes the whole URL strictly', () => {
    expect(urlProblem('/a/%E2%82%AC?x=%F0%9F%9A%80')).toBeUndefined();
    expect(urlProblem('/a/%ED%BF%BF')).toMatch(/not valid UTF-8/);
    expect(urlProblem('/a?b=%00')).toMatch(/NUL/);
  });
});

describe('readEdgeHygieneOptions', () => {
  it('reads backend.inputLimits with defaults', () => {
    expect(readEdgeHygieneOptions(new ConfigReader({}))).toEqual({
      maxBodyBytes: 1048576,
      pluginMaxBodyBytes: {},
      maxJsonDepth: 64,
    });
    expect(
      readEdgeHygieneOptions(
        new ConfigReader({
          backend: {
            inputLimits: {
              bodyBytes: 2048,
              jsonDepth: 8,
              pluginBodyBytes: { audit: 10485760 },
            },
          },
        }),
      ),
    ).toEqual({
      maxBodyBytes: 2048,
      pluginMaxBodyBytes: { audit: 10485760 },
      maxJsonDepth: 8,
    });
  });

  it('refuses limits that are not positive integers', () => {
    expect(() =>
      readEdgeHygieneOptions(
        new ConfigReader({ backend: { inputLimits: { bodyBytes: 0 } } }),
      ),
    ).toThrow(/bodyBytes must be a positive integer/);
  });
});
