import { InputError } from '@backstage/errors';
import { Knex } from 'knex';

/**
 * An opaque keyset cursor (lists page by key, never by OFFSET): base64url
 * JSON of the last row's sort key.
 */
export function encodeCursor(key: Record<string, string>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * The sort key in `cursor` (undefined for the first page). A cursor that is
 * not one this plugin made, or lacks one of `keys`, is a 400 (InputError).
 */
export function decodeCursor<K extends string>(
  cursor: string | undefined,
  keys: K[],
): Record<K, string> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (keys.every(key => typeof parsed?.[key] === 'string')) return parsed;
  } catch {
    // fall through
  }
  throw new InputError(
    'cursor is not valid: pass the nextCursor of the previous page unchanged',
  );
}

/** The ESCAPE clause to write after `LIKE ?` when the pattern is from {@link likeContains}. */
export const LIKE_ESCAPE = "ESCAPE '\\'";

/** `%text%` for LIKE, with the wildcards of `text` escaped (`ESCAPE '\'`). */
export function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

/** One page of rows and, when more follow, the cursor of the next page. */
export interface RowPage<T> {
  /** The rows of this page, at most the requested limit. */
  rows: T[];
  /** The cursor to pass for the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * A page from up to `limit + 1` rows: the extra row only tells that more
 * follow; the cursor is the sort key of the last row kept.
 */
export function toPage<T>(
  rows: T[],
  limit: number,
  key: (row: T) => Record<string, string>,
): RowPage<T> {
  if (rows.length <= limit) return { rows };
  const kept = rows.slice(0, limit);
  return { rows: kept, nextCursor: encodeCursor(key(kept[kept.length - 1])) };
}

/**
 * Runs `builder` newest first (by a time column, then the id column) from
 * the cursor on. The cursor holds the time under `timeKey` and the id
 * under `i`.
 */
export async function newestFirstPage<T extends { id: string }>(
  builder: Knex.QueryBuilder,
  options: {
    timeColumn: string;
    idColumn: string;
    timeKey: string;
    timeOf: (row: T) => Date | string;
    limit: number;
    cursor?: string;
  },
): Promise<RowPage<T>> {
  const { timeColumn, idColumn, timeKey, limit } = options;
  const after = decodeCursor(options.cursor, [timeKey, 'i']);
  if (after) {
    builder.where(inner =>
      inner
        .where(timeColumn, '<', after[timeKey])
        .orWhere(eq =>
          eq.where(timeColumn, after[timeKey]).andWhere(idColumn, '<', after.i),
        ),
    );
  }
  const rows: T[] = await builder
    .orderBy(timeColumn, 'desc')
    .orderBy(idColumn, 'desc')
    .limit(limit + 1);
  return toPage(rows, limit, row => ({
    [timeKey]: new Date(options.timeOf(row)).toISOString(),
    i: row.id,
  }));
}
