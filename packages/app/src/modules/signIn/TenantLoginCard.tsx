import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { InfoCard, Progress, UserIdentity } from '@backstage/core-components';
import { IdentityApi, useApiHolder } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  tenantLoginAuthApiRef,
  tenantLoginProvider,
} from './tenantLoginAuthApi';

const STORAGE_KEY = 'controlplane.tenantLogin';

/** Whether this browser tab signed in through tenant login, kept across reloads. */
export const chosenTenantLogin = {
  get: () => window.sessionStorage.getItem(STORAGE_KEY) === 'true',
  set: () => window.sessionStorage.setItem(STORAGE_KEY, 'true'),
  clear: () => window.sessionStorage.removeItem(STORAGE_KEY),
};

type TenantLoginApi = typeof tenantLoginAuthApiRef.T;

/** Signs in (with a popup when `instantPopup`), or undefined without a session. */
async function signIn(
  api: TenantLoginApi,
  options: { optional?: boolean; instantPopup?: boolean },
): Promise<IdentityApi | undefined> {
  const response = await api.getBackstageIdentity(options);
  if (!response) return undefined;
  const identity = UserIdentity.create({
    identity: response.identity,
    authApi: api,
  });
  chosenTenantLogin.set();
  // Forgets the choice on sign-out, so the sign-in page shows again.
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      chosenTenantLogin.clear();
      await identity.signOut();
    },
  };
}

/**
 * Resumes a tenant login session of this tab (after a reload) without asking;
 * `resuming` while it tries.
 */
export function useResumedTenantLogin(
  onSignInSuccess: (identity: IdentityApi) => void,
) {
  const api = useApiHolder().get(tenantLoginAuthApiRef);
  const { loading } = useAsync(async () => {
    if (!api || !chosenTenantLogin.get()) return;
    const identity = await signIn(api, { optional: true }).catch(
      () => undefined,
    );
    if (identity) {
      onSignInSuccess(identity);
    } else {
      chosenTenantLogin.clear();
    }
  }, [api]);
  return { resuming: loading };
}

/**
 * "Sign in with your organization" on the local sign-in page: a tenant's
 * owners and administrators, with their tenant credentials. Not shown when
 * the app has no tenant login API.
 */
export const TenantLoginCard = ({
  onSignInSuccess,
}: {
  onSignInSuccess: (identity: IdentityApi) => void;
}) => {
  const api = useApiHolder().get(tenantLoginAuthApiRef);
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  if (!api) return null;
  return (
    <InfoCard
      title={tenantLoginProvider.title}
      actions={
        <Button
          color="primary"
          variant="outlined"
          disabled={busy}
          onClick={async () => {
            // The popup opens from the click itself, so browsers allow it.
            setBusy(true);
            setError(undefined);
            try {
              const identity = await signIn(api, { instantPopup: true });
              if (identity) onSignInSuccess(identity);
            } catch (e) {
              if ((e as Error).name !== 'PopupRejectedError')
                setError(e as Error);
            } finally {
              setBusy(false);
            }
          }}
        >
          Sign in with your organization
        </Button>
      }
    >
      <Typography>{tenantLoginProvider.message}</Typography>
      {busy && <Progress />}
      {error && (
        <Typography color="error" role="alert">
          {error.message}
        </Typography>
      )}
    </InfoCard>
  );
};
