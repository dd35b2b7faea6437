import { useCallback, useEffect, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import { QueryParams } from '@controlplane/common';
import {
  AppCredential,
  AppsApiOperations,
} from '@controlplane/plugin-apps-common';
import { appsApiRef } from '../api';

/** The filters of a credentials list. */
type CredentialFilters = Pick<
  QueryParams<AppsApiOperations['ListCredentials']>,
  'appId' | 'status'
>;

/**
 * Credentials matching `query`, a page at a time: `loadMore` appends the
 * next page, `reload` starts again (after a change). Nothing is fetched
 * while `enabled` is false (the user may not read credentials).
 */
export function useCredentials(query: CredentialFilters, enabled = true) {
  const api = useApi(appsApiRef);
  const { appId, status } = query;
  const first = useAsyncRetry(
    async () => (enabled ? api.listCredentials({ appId, status }) : undefined),
    [api, appId, status, enabled],
  );
  const [more, setMore] = useState<{
    records: AppCredential[];
    nextCursor?: string;
  }>();
  const [moreError, setMoreError] = useState<Error>();
  const [loadingMore, setLoadingMore] = useState(false);
  useEffect(() => {
    setMore(undefined);
    setMoreError(undefined);
  }, [first.value]);

  const nextCursor = more ? more.nextCursor : first.value?.nextCursor;
  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await api.listCredentials({
        appId,
        status,
        cursor: nextCursor,
      });
      setMore(current => ({
        records: [...(current?.records ?? []), ...page.records],
        nextCursor: page.nextCursor,
      }));
    } catch (e) {
      setMoreError(e as Error);
    } finally {
      setLoadingMore(false);
    }
  }, [api, appId, status, nextCursor]);

  // One array while nothing changes, so tables keep their rows.
  const records = useMemo(
    () =>
      first.value
        ? [...first.value.records, ...(more?.records ?? [])]
        : undefined,
    [first.value, more],
  );

  return {
    records,
    total: first.value?.total,
    nextCursor,
    loading: first.loading || loadingMore,
    error: first.error ?? moreError,
    reload: first.retry,
    loadMore,
  };
}
