import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Explanation } from '@controlplane/plugin-rbac-common';
import { rbacApiRef } from '../../api';
import { useRbacAction } from '../useRbacAction';
import { ExplainForm } from './ExplainForm';
import { ExplanationView } from './ExplanationView';
import { RbacErrorPanel } from '../RbacErrorPanel';

/** Why a user is allowed or denied a permission. */
export const ExplainPage = () => {
  const rbacApi = useApi(rbacApiRef);
  const permissions = useAsync(() => rbacApi.listPermissions(), [rbacApi]);
  const [explanation, setExplanation] = useState<Explanation | undefined>();
  const { busy, error, run } = useRbacAction();

  return (
    <InfoCard title="Explain a decision">
      <ExplainForm
        permissionNames={(permissions.value ?? []).map(p => p.name)}
        busy={busy}
        onSubmit={async (user, permission) => {
          setExplanation(undefined);
          setExplanation(await run(() => rbacApi.explain(user, permission)));
        }}
      />
      {busy && <Progress />}
      {permissions.error && <RbacErrorPanel error={permissions.error} />}
      {error && <RbacErrorPanel error={error} />}
      {explanation && <ExplanationView explanation={explanation} />}
    </InfoCard>
  );
};
