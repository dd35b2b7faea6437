import { useEffect, useState } from 'react';
import { useApiHolder } from '@backstage/frontend-plugin-api';
import { pageAccessApiRef } from './PageAccessApi';

/** What {@link usePageAccess} knows so far. */
export type PageAccess =
  | { loading: true }
  | { loading: false; holds: (permissionName: string) => boolean };

const HOLDS_ALL: PageAccess = { loading: false, holds: () => true };

/**
 * Whether the user holds each of the permissions (one question for all of
 * them; the API may cache its answers briefly). Without a
 * PageAccessApi in the app, or when it cannot answer, every permission counts
 * as held: the backends remain the guard.
 */
export function usePageAccess(permissionNames: string[]): PageAccess {
  const api = useApiHolder().get(pageAccessApiRef);
  const names = [...new Set(permissionNames)].sort();
  const key = names.join('\n');
  const [answer, setAnswer] = useState<{ key: string; access: PageAccess }>();

  useEffect(() => {
    if (!api || names.length === 0) return undefined;
    let current = true;
    api.holds(names).then(
      holds => {
        if (current) {
          setAnswer({
            key,
            access: { loading: false, holds: name => holds[name] ?? true },
          });
        }
      },
      () => {
        if (current) setAnswer({ key, access: HOLDS_ALL });
      },
    );
    return () => {
      current = false;
    };
    // `key` stands for `names`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);

  if (!api || names.length === 0) return HOLDS_ALL;
  return answer?.key === key ? answer.access : { loading: true };
}
