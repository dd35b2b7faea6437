import { useEffect, useState } from 'react';
import { useApiHolder } from '@backstage/frontend-plugin-api';
import { pageAccessApiRef, PermissionReach } from './PageAccessApi';

/** What {@link usePageAccess} knows so far. */
export type PageAccess =
  | { loading: true }
  | {
      loading: false;
      /** Whether the user holds the permission at all. */
      holds: (permissionName: string) => boolean;
      /** How far: for every resource, only some, or none. */
      reach: (permissionName: string) => PermissionReach;
    };

const HOLDS_ALL: PageAccess = {
  loading: false,
  holds: () => true,
  reach: () => 'everywhere',
};

/**
 * Whether the user holds each of the permissions (one question for all of
 * them; the API may cache its answers briefly). Without a
 * PageAccessApi in the app, or when it cannot answer, every permission counts
 * as held everywhere: the backends remain the guard.
 */
export function usePageAccess(permissionNames: string[]): PageAccess {
  const api = useApiHolder().get(pageAccessApiRef);
  const names = [...new Set(permissionNames)].sort();
  const key = names.join('\n');
  const [answer, setAnswer] = useState<{ key: string; access: PageAccess }>();

  useEffect(() => {
    if (!api || names.length === 0) return undefined;
    let current = true;
    api.reach(names).then(
      reaches => {
        if (current) {
          const reach = (name: string) => reaches[name] ?? 'everywhere';
          setAnswer({
            key,
            access: {
              loading: false,
              holds: name => reach(name) !== 'none',
              reach,
            },
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
