import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import { platformHealthApiRef } from '../api';

/** The overview of the platform, or of one tenant. */
export function useOverview(tenant?: string) {
  const api = useApi(platformHealthApiRef);
  return useAsyncRetry(() => api.overview(tenant), [api, tenant]);
}
