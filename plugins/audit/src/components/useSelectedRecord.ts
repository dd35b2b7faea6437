import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import { AuditRecord } from '@controlplane/plugin-audit-common';
import { auditApiRef } from '../api';

/** The URL parameter of the record open in the drawer. */
export const RECORD_PARAM = 'record';

/**
 * The record open in the detail drawer, kept in the URL (`?record=<id>`) so
 * that a link opens the same record. Taken from the loaded records when it
 * is one of them, fetched otherwise.
 */
export function useSelectedRecord(loaded: AuditRecord[]) {
  const auditApi = useApi(auditApiRef);
  const [search, setSearch] = useSearchParams();
  const id = search.get(RECORD_PARAM) ?? undefined;
  const known = id ? loaded.find(record => record.id === id) : undefined;

  const fetched = useAsync(async () => {
    if (!id || known) return undefined;
    return auditApi.getRecord(id);
  }, [auditApi, id, Boolean(known)]);

  const open = useCallback(
    (recordId: string) =>
      setSearch(previous => {
        const next = new URLSearchParams(previous);
        next.set(RECORD_PARAM, recordId);
        return next;
      }),
    [setSearch],
  );
  const close = useCallback(
    () =>
      setSearch(previous => {
        const next = new URLSearchParams(previous);
        next.delete(RECORD_PARAM);
        return next;
      }),
    [setSearch],
  );

  return {
    id,
    record: known ?? fetched.value,
    loading: Boolean(id && !known && fetched.loading),
    error: known ? undefined : fetched.error,
    open,
    close,
  };
}
