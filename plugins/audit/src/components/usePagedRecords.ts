import { useCallback, useEffect, useRef, useState } from 'react';
import {
  AuditRecord,
  AuditRecordPage,
} from '@controlplane/plugin-audit-common';

export interface PagedRecords {
  records: AuditRecord[];
  total?: number;
  /** Whether there is a next page. */
  hasMore: boolean;
  /** The first page is loading. */
  loading: boolean;
  loadingMore: boolean;
  error?: Error;
  loadMore(): void;
  reload(): void;
}

interface State {
  records: AuditRecord[];
  nextCursor?: string;
  total?: number;
  loading: boolean;
  loadingMore: boolean;
  error?: Error;
}

/**
 * Cursor paging: loads the first page whenever `key` changes, appends the
 * next page on `loadMore`. Answers to an earlier key are dropped.
 */
export function usePagedRecords(
  load: (cursor?: string) => Promise<AuditRecordPage>,
  key: string,
): PagedRecords {
  const [state, setState] = useState<State>({
    records: [],
    loading: true,
    loadingMore: false,
  });
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const fetchPage = useCallback(async (cursor?: string) => {
    const current = generation.current;
    setState(previous =>
      cursor
        ? { ...previous, loadingMore: true, error: undefined }
        : { records: [], loading: true, loadingMore: false },
    );
    try {
      const page = await loadRef.current(cursor);
      if (current !== generation.current) return;
      setState(previous => ({
        records: cursor ? [...previous.records, ...page.records] : page.records,
        nextCursor: page.nextCursor,
        total: page.total ?? previous.total,
        loading: false,
        loadingMore: false,
      }));
    } catch (error) {
      if (current !== generation.current) return;
      setState(previous => ({
        ...previous,
        loading: false,
        loadingMore: false,
        error: error as Error,
      }));
    }
  }, []);

  const reload = useCallback(() => {
    generation.current += 1;
    fetchPage();
  }, [fetchPage]);

  useEffect(reload, [key, reload]);

  const { nextCursor } = state;
  const loadMore = useCallback(() => {
    if (nextCursor) fetchPage(nextCursor);
  }, [fetchPage, nextCursor]);

  return {
    records: state.records,
    total: state.total,
    hasMore: Boolean(state.nextCursor),
    loading: state.loading,
    loadingMore: state.loadingMore,
    error: state.error,
    loadMore,
    reload,
  };
}
