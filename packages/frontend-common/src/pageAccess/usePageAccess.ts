import { useEffect, useState } from 'react';
import { useApiHolder } from '@backstage/frontend-plugin-api';
import { PageAccessApi, pageAccessApiRef } from './PageAccessApi';

/** What {@link usePageAccess} knows so far. */
export type PageAccess =
  | { loading: true }
  | { loading: false; holds: (permissionName: string) => boolean };

const HOLDS_ALL: PageAccess = { loading: false, holds: () => true };

// One question per app (API instance) and set of permissions, for every
// sidebar render and page that asks it.
const answers = new WeakMap<
  PageAccessApi,
  Map<string, Promise<Record<string, boolean>>>
>();

function answerOf(api: PageAccessApi, names: string[]) {
  const key = names.join('\n');
  let byKey = answers.get(api);
  if (!byKey) {
    byKey = new Map();
    answers.set(api, byKey);
  }
  let answer = byKey.get(key);
  if (!answer) {
    answer = api.holds(names);
    // A failed answer is asked again next time.
    answer.catch(() => byKey!.delete(key));
    byKey.set(key, answer);
  }
  return answer;
}

/**
 * Whether the user holds each of the permissions (one request for all of
 * them, shared by every component that asks the same). Without a
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
    answerOf(api, names).then(
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
