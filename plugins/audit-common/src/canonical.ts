/**
 * The canonical stored form of an audit record: what PostgreSQL and SQLite
 * both store and give back unchanged, so that a record is hashed over exactly
 * what is read back when it is verified.
 *
 * - Strings (fields, metadata values and keys) are well-formed UTF-16 without
 *   NUL: a lone surrogate cannot be encoded as UTF-8 (drivers write U+FFFD)
 *   and PostgreSQL text cannot hold U+0000, so both become U+FFFD.
 * - Metadata is plain JSON: numbers finite (others `null`), `-0` as `0`,
 *   BigInts as decimal strings, Dates as ISO strings, `undefined`, functions
 *   and symbols left out of objects (`null` in arrays), like JSON.stringify;
 *   every finite double survives JSON text unchanged in JavaScript, and the
 *   metadata column holds that text, not a jsonb value.
 * - Metadata is nested at most {@link METADATA_MAX_DEPTH} levels; deeper
 *   parts (and cycles) become {@link CLIPPED_DEPTH_MARKER}.
 */

/** How deep metadata may nest (the metadata object itself is level 1). */
export const METADATA_MAX_DEPTH = 32;

/** What replaces a part of the metadata nested deeper than the limit. */
export const CLIPPED_DEPTH_MARKER = `[clipped: nested deeper than ${METADATA_MAX_DEPTH} levels]`;

// A high surrogate not followed by a low one, a low one not after a high one,
// or NUL (which PostgreSQL text refuses: matching it is the point).
/* eslint-disable no-control-regex */
const NOT_STORABLE =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\u0000/g;
/* eslint-enable no-control-regex */

/**
 * The text as the database stores it: lone surrogates and NUL replaced by
 * U+FFFD (the length in UTF-16 code units stays the same).
 */
export function storableText(text: string): string {
  return text.replace(NOT_STORABLE, '\ufffd');
}

/** A plain JSON value, as the canonical metadata is made of. */
export type CanonicalJson =
  | null
  | boolean
  | number
  | string
  | CanonicalJson[]
  | { [key: string]: CanonicalJson };

/** The canonical metadata and whether any part was deeper than the limit. */
export interface CanonicalMetadata {
  value: { [key: string]: CanonicalJson };
  /** True when a part nested deeper than the limit was replaced. */
  clipped: boolean;
}

const omittedInObjects = (value: unknown) =>
  value === undefined ||
  typeof value === 'function' ||
  typeof value === 'symbol';

/**
 * The canonical form of any metadata value (see the module comment). A
 * value that is not an object (an array included) is wrapped as `{ value }`,
 * since records keep metadata as an object. Never recurses deeper than
 * `maxDepth`, so any input is safe, cyclic or deeply nested.
 */
export function canonicalMetadata(
  metadata: unknown,
  maxDepth: number = METADATA_MAX_DEPTH,
): CanonicalMetadata {
  let clipped = false;
  const convert = (input: unknown, depth: number): CanonicalJson => {
    let value = input;
    if (
      value !== null &&
      typeof value === 'object' &&
      !(value instanceof Date) &&
      typeof (value as { toJSON?: unknown }).toJSON === 'function'
    ) {
      // Like JSON.stringify: a Buffer, a URL, a Decimal say what they are.
      try {
        value = (value as { toJSON(): unknown }).toJSON();
      } catch {
        return null;
      }
    }
    if (value === null || value === undefined) return null;
    switch (typeof value) {
      case 'boolean':
        return value;
      case 'number':
        if (!Number.isFinite(value)) return null;
        return value === 0 ? 0 : value;
      case 'bigint':
        return value.toString();
      case 'string':
        return storableText(value);
      case 'object':
        break;
      default:
        return null;
    }
    if (value instanceof Date) {
      return Number.isNaN(value.getTime()) ? null : value.toISOString();
    }
    if (depth >= maxDepth) {
      clipped = true;
      return CLIPPED_DEPTH_MARKER;
    }
    if (Array.isArray(value)) {
      return value.map(item =>
        omittedInObjects(item) ? null : convert(item, depth + 1),
      );
    }
    const result: { [key: string]: CanonicalJson } = {};
    // Sorted, so that when two keys become equal (lone surrogates), the same
    // one is kept whatever order the object was built in.
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (omittedInObjects(member)) continue;
      const storedKey = storableText(key);
      if (Object.prototype.hasOwnProperty.call(result, storedKey)) continue;
      // defineProperty: a key `__proto__` is data, not the prototype.
      Object.defineProperty(result, storedKey, {
        value: convert(member, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return result;
  };
  if (metadata === undefined || metadata === null) {
    return { value: {}, clipped: false };
  }
  const value = convert(metadata, 0);
  const isObject =
    value !== null && typeof value === 'object' && !Array.isArray(value);
  return { value: isObject ? value : { value }, clipped };
}
