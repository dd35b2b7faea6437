import { DependencyList, useEffect, useState } from 'react';

/** Where a keyset-paged list is; see {@link useCursorPages}. */
export interface CursorPages {
  /** The cursor of the current page; undefined on the first. */
  cursor?: string;
  /** Whether there is a page before the current one. */
  hasPrevious: boolean;
  /** Goes back to the page before the current one. */
  previous(): void;
  /** Goes to the page that `nextCursor` (from the current page) starts. */
  next(nextCursor: string): void;
  /** Back to the first page. */
  reset(): void;
}

/**
 * Previous/next paging over a list the backend pages with opaque cursors:
 * keeps the cursors of the pages seen so far, and starts again at the first
 * page whenever one of `resetOn` (the query: search, filters, sort) changes
 * or `reset()` is called.
 */
export function useCursorPages(resetOn: DependencyList = []): CursorPages {
  // The cursors of the pages up to the current one; the last is the current.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => setCursors([undefined]), resetOn);
  return {
    cursor: cursors[cursors.length - 1],
    hasPrevious: cursors.length > 1,
    previous: () => setCursors(seen => seen.slice(0, -1)),
    next: nextCursor => setCursors(seen => [...seen, nextCursor]),
    reset: () => setCursors([undefined]),
  };
}
