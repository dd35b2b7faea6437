import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  PortalPage,
  useAction,
} from '@controlplane/frontend-common';
import { Explanation } from '@controlplane/plugin-rbac-common';
import { rbacApiRef } from '../../api';
import { ExplainForm } from './ExplainForm';
import { ExplanationView } from './ExplanationView';

/** Why a user is allowed or denied a permission. */
export const ExplainPage = () => {
  const rbacApi = useApi(rbacApiRef);
  const permissions = useAsync(() => rbacApi.listPermissions(), [rbacApi]);
  const [explanation, setExplanation] = useState<Explanation | undefined>();
  const { busy, error, run } = useAction();

  return (
    <PortalPage
      title="Explain a decision"
      subtitle="Why a user is allowed or denied a permission: through which roles, grants and groups."
    >
      <InfoCard>
        <ExplainForm
          permissionNames={(permissions.value ?? []).map(p => p.name)}
          busy={busy}
          onSubmit={async (user, permission, resourceRef) => {
            setExplanation(undefined);
            const result = await run(() =>
              rbacApi.explain(user, permission, resourceRef),
            );
            setExplanation(result.ok ? result.value : undefined);
          }}
        />
        {busy && <Progress />}
        {permissions.error && <BackendErrorPanel error={permissions.error} />}
        {error && <BackendErrorPanel error={error} />}
        {explanation && <ExplanationView explanation={explanation} />}
      </InfoCard>
    </PortalPage>
  );
};
