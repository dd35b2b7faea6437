import { useSearchParams } from 'react-router-dom';

/**
 * The page's query string (where list pages keep their search and filters,
 * so a filtered view can be linked and survives a reload) and a way to change
 * some of its values: an empty or undefined value removes the key. Changes
 * replace the history entry rather than adding one.
 */
export function useUrlParams() {
  const [params, setParams] = useSearchParams();
  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };
  return { params, update };
}
