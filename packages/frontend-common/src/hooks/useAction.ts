import { useCallback, useState } from 'react';

/**
 * Runs a mutation against a backend, keeping whether it is under way and its
 * last error so the caller can show it.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const run = useCallback(async <T>(action: () => Promise<T>) => {
    setBusy(true);
    setError(undefined);
    try {
      return { ok: true as const, value: await action() };
    } catch (e) {
      setError(e as Error);
      return { ok: false as const };
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clearError: () => setError(undefined) };
}
