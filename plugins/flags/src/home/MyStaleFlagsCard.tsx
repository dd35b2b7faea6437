import useAsync from 'react-use/esm/useAsync';
import { Chip } from '@material-ui/core';
import { Progress } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  formatAge,
  HomeCardList,
} from '@controlplane/frontend-common';
import { FlagSummary } from '@controlplane/plugin-flags-common';
import { flagsApiRef } from '../api';
import { flagPath, useFlagsRoot } from '../components/links';

/** Flags the card lists at most. */
export const SHOWN = 5;

/** The owner filter takes at most this many refs (see the API). */
const MAX_OWNERS = 50;

const ago = (iso: string) => {
  const age = formatAge(iso);
  return age === 'just now' ? age : `${age} ago`;
};

/** What the owner is asked to do about the flag. */
const why = (flag: FlagSummary) =>
  flag.lifecycle === 'deprecated' ? 'deprecated' : 'potentially stale';

/**
 * "My stale flags": the flags the user or one of their groups owns that
 * look stale (unchanged and not evaluated by any app for the configured
 * number of days) or were deprecated and wait to be archived, each with its
 * lifecycle and age, linked to its page.
 */
export const MyStaleFlagsCard = () => {
  const api = useApi(flagsApiRef);
  const identityApi = useApi(identityApiRef);
  const root = useFlagsRoot();
  const { value, loading, error } = useAsync(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    const owner = ownershipEntityRefs.slice(0, MAX_OWNERS);
    if (owner.length === 0) return { flags: [], more: false };
    const limit = String(SHOWN);
    // Two filtered pages (stale, deprecated), not a request per flag.
    const [stale, deprecated] = await Promise.all([
      api.listFlags({ owner, stale: 'true', limit }),
      api.listFlags({ owner, lifecycle: ['deprecated'], limit }),
    ]);
    const byKey = new Map<string, FlagSummary>();
    for (const flag of [...stale.items, ...deprecated.items]) {
      byKey.set(flag.key, flag);
    }
    const flags = [...byKey.values()].sort((a, b) =>
      a.key.localeCompare(b.key),
    );
    return {
      flags: flags.slice(0, SHOWN),
      more:
        flags.length > SHOWN ||
        Boolean(stale.nextCursor || deprecated.nextCursor),
    };
  }, [api, identityApi]);

  if (loading) return <Progress />;
  if (error) return <BackendErrorPanel error={error} />;
  return (
    <HomeCardList
      emptyText="None of the flags you or your groups own looks stale."
      items={(value?.flags ?? []).map(flag => ({
        key: flag.key,
        primary: flag.key,
        href: flagPath(root, flag.key),
        secondary: [
          flag.lifecycle,
          `changed ${ago(flag.updatedAt)}`,
          flag.lastEvaluatedAt
            ? `last evaluated ${ago(flag.lastEvaluatedAt)}`
            : 'never evaluated',
        ].join(' · '),
        trailing: <Chip size="small" variant="outlined" label={why(flag)} />,
      }))}
      more={{
        href: root,
        label: value?.more ? 'More flags on the flags page' : 'Open flags',
      }}
    />
  );
};
