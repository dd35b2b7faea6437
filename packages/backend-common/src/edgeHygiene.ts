import { createGunzip, createInflate } from 'node:zlib';
import { Readable } from 'node:stream';
import { parse as parseQueryString } from 'node:querystring';
import { RootConfigService } from '@backstage/backend-plugin-api';
import { CustomErrorBase, InputError } from '@backstage/errors';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** How much input the edge accepts; see {@link readEdgeHygieneOptions}. */
export interface EdgeHygieneOptions {
  /** Largest JSON or text body in bytes (after decompression). */
  maxBodyBytes: number;
  /** Largest body for the plugins named here (by plugin id), instead. */
  pluginMaxBodyBytes: Record<string, number>;
  /** Deepest nesting of arrays and objects in a JSON body. */
  maxJsonDepth: number;
}

/** The defaults of {@link EdgeHygieneOptions}: 1 MiB, 64 levels. */
export const DEFAULT_EDGE_HYGIENE_OPTIONS: EdgeHygieneOptions = {
  maxBodyBytes: 1024 * 1024,
  pluginMaxBodyBytes: {},
  maxJsonDepth: 64,
};

/**
 * Reads `backend.inputLimits` (`bodyBytes`, `pluginBodyBytes.<pluginId>`,
 * `jsonDepth`), falling back to {@link DEFAULT_EDGE_HYGIENE_OPTIONS}.
 */
export function readEdgeHygieneOptions(
  config: RootConfigService,
): EdgeHygieneOptions {
  const limits = config.getOptionalConfig('backend.inputLimits');
  const positive = (key: string, fallback: number) => {
    const value = limits?.getOptionalNumber(key);
    if (value === undefined) return fallback;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new Error(
        `backend.inputLimits.${key} must be a positive integer, got ${value}`,
      );
    }
    return value;
  };
  const pluginLimits = limits?.getOptionalConfig('pluginBodyBytes');
  return {
    maxBodyBytes: positive(
      'bodyBytes',
      DEFAULT_EDGE_HYGIENE_OPTIONS.maxBodyBytes,
    ),
    pluginMaxBodyBytes: Object.fromEntries(
      (pluginLimits?.keys() ?? []).map(pluginId => [
        pluginId,
        positive(
          `pluginBodyBytes.${pluginId}`,
          DEFAULT_EDGE_HYGIENE_OPTIONS.maxBodyBytes,
        ),
      ]),
    ),
    maxJsonDepth: positive(
      'jsonDepth',
      DEFAULT_EDGE_HYGIENE_OPTIONS.maxJsonDepth,
    ),
  };
}

/** A request body larger than the edge accepts: answered with 413. */
export class PayloadTooLargeError extends CustomErrorBase {
  /** The error's name in answers. */
  name = 'PayloadTooLargeError' as const;

  /** Read by Backstage's error middleware (a getter, so not serialized). */
  get statusCode(): number {
    return 413;
  }
}

/** A body in a charset or encoding the edge does not read: answered with 415. */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  /** The error's name in answers. */
  name = 'UnsupportedMediaTypeError' as const;

  /** Read by Backstage's error middleware (a getter, so not serialized). */
  get statusCode(): number {
    return 415;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * `$`, `$.name`, `$.items[2]`, `$["odd key"]`: where a value sits in a JSON
 * document. Keys are JSON-escaped, so a lone surrogate or NUL in a key shows
 * as `\ud800` or `\u0000`.
 */
function jsonPath(segments: ReadonlyArray<string | number>): string {
  return segments
    .map(segment => {
      if (typeof segment === 'number') return `[${segment}]`;
      return /^[A-Za-z_$][\w$]*$/.test(segment)
        ? `.${segment}`
        : `[${JSON.stringify(segment)}]`;
    })
    .reduce((path, part) => path + part, '$');
}

// A high surrogate not followed by a low one, or a low one not preceded by
// a high one (String.prototype.isWellFormed is not in our TypeScript lib).
const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be stored as received, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  if (LONE_SURROGATE.test(text)) {
    return 'is not well-formed Unicode (it has a lone surrogate)';
  }
  if (text.includes('\u0000')) {
    return 'contains a NUL character (U+0000)';
  }
  return undefined;
}

/**
 * The nesting depth of `text` exceeds `maxDepth` (brackets inside strings do
 * not count). One pass without recursion, so no input can overflow the stack.
 */
export function exceedsJsonDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c /* \ */) i++;
      else if (char === 0x22 /* " */) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      depth++;
      if (depth > maxDepth) return true;
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}

/**
 * The first string or key of a parsed JSON value that cannot be stored as
 * received, with its path; undefined when there is none. Walks with an
 * explicit stack, not recursion.
 */
export function findJsonTextProblem(value: unknown): string | undefined {
  const pending: Array<[unknown, Array<string | number>]> = [[value, []]];
  while (pending.length > 0) {
    const [current, path] = pending.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) return `the string at ${jsonPath(path)} ${problem}`;
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push([item, [...path, index]]));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        const problem = textProblem(key);
        if (problem) {
          return `the key ${JSON.stringify(key)} at ${jsonPath(
            path,
          )} ${problem}`;
        }
        pending.push([item, [...path, key]]);
      }
    }
  }
  return undefined;
}

/** The bytes of a URL: `%XX` escapes decoded, everything else as sent. */
function urlBytes(url: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < url.length; i++) {
    const char = url.charCodeAt(i);
    const escape = char === 0x25 ? url.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(escape)) {
      bytes.push(parseInt(escape, 16));
      i += 2;
    } else if (char > 0xff) {
      // Node hands the request line over as latin1; this cannot come from
      // the wire, but refuse rather than guess.
      return Uint8Array.of(0xff);
    } else {
      bytes.push(char);
    }
  }
  return Uint8Array.from(bytes);
}

/** Why the request's path and query cannot be read, or undefined. */
export function urlProblem(url: string): string | undefined {
  let decoded: string;
  try {
    decoded = strictUtf8.decode(urlBytes(url));
  } catch {
    return 'The URL is not valid UTF-8 once percent-decoded';
  }
  const problem = textProblem(decoded);
  return problem ? `The URL ${problem}` : undefined;
}

type BodyKind = 'json' | 'text' | 'form';

/**
 * JSON (`application/json`, `+json`), text (`text/*`, YAML) or an HTML form
 * (`application/x-www-form-urlencoded`); else none.
 */
function bodyKind(mediaType: string): BodyKind | undefined {
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    return 'json';
  }
  if (mediaType === 'application/x-www-form-urlencoded') return 'form';
  if (
    mediaType.startsWith('text/') ||
    mediaType === 'application/yaml' ||
    mediaType === 'application/x-yaml' ||
    mediaType.endsWith('+yaml')
  ) {
    return 'text';
  }
  return undefined;
}

function hasBody(req: Request): boolean {
  return (
    req.headers['transfer-encoding'] !== undefined ||
    (req.headers['content-length'] !== undefined &&
      req.headers['content-length'] !== '0')
  );
}

/** The plugin a path belongs to: `/api/<pluginId>/...`. */
function pluginIdOf(url: string): string | undefined {
  return /^\/api\/([^/?#]+)/.exec(url)?.[1];
}

/** The body's stream, decompressed as body-parser would. */
function bodyStream(req: Request): Readable {
  const encoding = (req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding === 'identity') return req;
  if (encoding === 'gzip') return req.pipe(createGunzip());
  if (encoding === 'deflate') return req.pipe(createInflate());
  throw new UnsupportedMediaTypeError(
    `Unsupported content encoding "${encoding}"`,
  );
}

/**
 * Reads the body, at most `limit` bytes (after decompression); a longer one
 * is a 413. The socket is never destroyed, so the answer reaches the caller:
 * the rest of a refused body is read and discarded.
 */
function readBody(req: Request, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new PayloadTooLargeError(
      `The request body is larger than the limit of ${limit} bytes`,
    );
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  const stream = bodyStream(req);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error: Error) => {
      stream.removeAllListeners('data');
      stream.removeAllListeners('end');
      if (stream !== req) {
        req.unpipe(stream as unknown as NodeJS.WritableStream);
        stream.destroy();
      }
      req.resume();
      reject(error);
    };
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stop(tooLarge());
      } else {
        chunks.push(chunk);
      }
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', error =>
      stop(
        stream === req
          ? error
          : new InputError(`The request body cannot be decompressed: ${error}`),
      ),
    );
  });
}

function decodeBody(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new InputError('The request body is not valid UTF-8');
  }
}

/** Parses a JSON body as express.json() would (objects and arrays only). */
function parseJsonBody(text: string, maxDepth: number): unknown {
  if (text.trim() === '') return {};
  if (exceedsJsonDepth(text, maxDepth)) {
    throw new InputError(
      `The JSON body is nested more than ${maxDepth} levels deep`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `The request body is not valid JSON: ${(error as Error).message}`,
    );
  }
  if (value === null || typeof value !== 'object') {
    throw new InputError('The JSON body must be an object or an array');
  }
  const problem = findJsonTextProblem(value);
  if (problem) throw new InputError(`Invalid request body: ${problem}`);
  return value;
}

/** The most fields a form body may have (as body-parser's default). */
const MAX_FORM_FIELDS = 1000;

/**
 * Parses a form body as `express.urlencoded({ extended: false })` would,
 * after checking that every name and value, once `+` and `%XX` are decoded,
 * is well-formed UTF-8 without NUL: the parser itself would turn a broken
 * sequence into U+FFFD and hand it on.
 */
function parseFormBody(text: string): unknown {
  const fields = text === '' ? [] : text.split('&');
  if (fields.length > MAX_FORM_FIELDS) {
    throw new InputError(
      `The form body has more than ${MAX_FORM_FIELDS} fields`,
    );
  }
  for (const field of fields) {
    for (const part of field.split('=', 2)) {
      let decoded: string;
      try {
        decoded = strictUtf8.decode(urlBytes(part.replace(/\+/g, ' ')));
      } catch {
        throw new InputError(
          'The form body is not valid UTF-8 once percent-decoded',
        );
      }
      const problem = textProblem(decoded);
      if (problem) throw new InputError(`A form field ${problem}`);
    }
  }
  return parseQueryString(text, undefined, undefined, {
    maxKeys: MAX_FORM_FIELDS,
  });
}

/**
 * Input hygiene for every request, before any plugin's router: the path and
 * query must decode as well-formed UTF-8 without NUL; JSON, text and form
 * bodies are read up to a size limit (413 above), decoded as strict UTF-8
 * (form fields once percent-decoded), JSON is parsed with a depth limit,
 * and no string or key may hold a lone surrogate or NUL (PostgreSQL cannot store NUL; a lone surrogate is stored as U+FFFD,
 * which differs from what was hashed). Anything else is a 400 in Backstage's
 * error shape. The parsed body is handed on as `req.body` with body-parser's
 * `req._body` flag set, so plugins' `express.json()`/`express.text()`/
 * `express.urlencoded()` do not read again and their OpenAPI validation sees this value.
 */
export function createEdgeHygieneMiddleware(
  options: Partial<EdgeHygieneOptions> = {},
): RequestHandler {
  const { maxBodyBytes, pluginMaxBodyBytes, maxJsonDepth } = {
    ...DEFAULT_EDGE_HYGIENE_OPTIONS,
    ...options,
  };
  const handle = async (req: Request) => {
    const badUrl = urlProblem(req.url);
    if (badUrl) throw new InputError(badUrl);
    if (!hasBody(req)) return;
    const [mediaType, ...parameters] = (req.headers['content-type'] ?? '')
      .split(';')
      .map(part => part.trim().toLowerCase());
    const kind = bodyKind(mediaType);
    if (!kind) return;
    const charset = parameters
      .find(parameter => parameter.startsWith('charset='))
      ?.slice('charset='.length)
      .replace(/^"(.*)"$/, '$1');
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      throw new UnsupportedMediaTypeError(
        `Unsupported charset "${charset}": send UTF-8`,
      );
    }
    const pluginId = pluginIdOf(req.url);
    const limit =
      (pluginId !== undefined && pluginMaxBodyBytes[pluginId]) || maxBodyBytes;
    const text = decodeBody(await readBody(req, limit));
    let body: unknown;
    if (kind === 'json') {
      body = parseJsonBody(text, maxJsonDepth);
    } else if (kind === 'form') {
      body = parseFormBody(text);
    } else {
      const problem = textProblem(text);
      if (problem) throw new InputError(`The request body ${problem}`);
      body = text;
    }
    // What body-parser sets: its parsers skip a request with `_body` set.
    Object.assign(req, { body, _body: true });
  };
  return (req: Request, _res: Response, next: NextFunction) => {
    handle(req).then(() => next(), next);
  };
}
