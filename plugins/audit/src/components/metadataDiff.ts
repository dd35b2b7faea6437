/** A record's metadata: a JSON object (from the API, so its values are JSON). */
export type Metadata = Record<string, unknown>;

/** One changed (or unchanged) field of a before/after pair. */
export interface DiffRow {
  /** The field name; empty when before and after are whole values. */
  field: string;
  before?: unknown;
  after?: unknown;
  changed: boolean;
}

export interface MetadataDiff {
  rows: DiffRow[];
  /** The metadata that is not part of a before/after pair. */
  rest: Metadata;
}

export const isJsonObject = (value: unknown): value is Metadata =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Deep equality of JSON values (object key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every(key => jsonEqual(a[key], b[key]));
  }
  return false;
}

const row = (field: string, before: unknown, after: unknown): DiffRow => ({
  field,
  before,
  after,
  changed: !jsonEqual(before, after),
});

/** `previous_x`/`new_x` and `previousX`/`newX` pairs, by the field name `x`. */
const PAIR_PATTERNS: { before: RegExp; after: (field: string) => string[] }[] =
  [
    {
      before: /^previous_(.+)$/,
      after: field => [`new_${field}`],
    },
    {
      before: /^previous([A-Z].*)$/,
      after: field => [`new${field}`],
    },
  ];

/**
 * The before/after values of an audit record's metadata, field by field:
 * from `before`/`after` (objects compared per key, anything else as one
 * value) and from `previous_*`/`new_*` pairs. Undefined when the metadata has
 * neither.
 */
export function metadataDiff(metadata: Metadata): MetadataDiff | undefined {
  const rows: DiffRow[] = [];
  const used = new Set<string>();

  if ('before' in metadata || 'after' in metadata) {
    const { before, after } = metadata;
    used.add('before').add('after');
    if (
      (isJsonObject(before) || before === undefined || before === null) &&
      (isJsonObject(after) || after === undefined || after === null) &&
      (isJsonObject(before) || isJsonObject(after))
    ) {
      const b = isJsonObject(before) ? before : {};
      const a = isJsonObject(after) ? after : {};
      const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
      for (const field of fields) rows.push(row(field, b[field], a[field]));
    } else {
      rows.push(row('', before, after));
    }
  }

  for (const key of Object.keys(metadata)) {
    for (const pattern of PAIR_PATTERNS) {
      const match = pattern.before.exec(key);
      if (!match) continue;
      const afterKey = pattern
        .after(match[1])
        .find(candidate => candidate in metadata);
      if (!afterKey) continue;
      const field = match[1].charAt(0).toLowerCase() + match[1].slice(1);
      rows.push(row(field, metadata[key], metadata[afterKey]));
      used.add(key).add(afterKey);
    }
  }

  if (rows.length === 0) return undefined;
  const rest = Object.fromEntries(
    Object.entries(metadata).filter(([key]) => !used.has(key)),
  );
  return { rows, rest };
}

/** Items of `list` that `other` does not have (for list diffs). */
export function missingFrom(list: unknown[], other: unknown) {
  const others = Array.isArray(other) ? other : [];
  return new Set(
    list.filter(item => !others.some(candidate => jsonEqual(item, candidate))),
  );
}
