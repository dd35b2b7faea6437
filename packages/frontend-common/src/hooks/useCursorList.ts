import useAsync from 'react-use/esm/useAsync';
import { CursorPages, useCursorPages } from './useCursorPages';

/** One page of a list the backend pages with opaque cursors. */
export interface CursorPage<T> {
  /** The page's items. */
  items: T[];
  /** Where the next page starts; none on the last page. */
  nextCursor?: string;
}

/**
 * A list the backend pages with cursors, for `query`: `load` is asked for
 * the current page (`cursor`, and `limit` as the string the contracts take);
 * paging starts again at the first page whenever the query changes.
 */
export function useCursorList<Q extends object, T>(
  load: (
    query: Q & { cursor?: string; limit: string },
  ) => Promise<CursorPage<T>>,
  query: Q,
  pageSize: number,
): {
  pages: CursorPages;
  value?: CursorPage<T>;
  loading: boolean;
  error?: Error;
} {
  const key = JSON.stringify(query);
  const pages = useCursorPages([key]);
  const { value, loading, error } = useAsync(
    () => load({ ...query, cursor: pages.cursor, limit: String(pageSize) }),
    // `key` stands for the query; `load` is a method of an API that does
    // not change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, pages.cursor, pageSize],
  );
  return { pages, value, loading, error };
}
