import { useState } from 'react';
import { Box, Tab, Tabs } from '@material-ui/core';
import { Progress } from '@backstage/core-components';
import { PortalPage } from '@controlplane/frontend-common';
import { useFlagsAccess } from './access';
import { CreateFlagButton } from './CreateFlagDialog';
import { EvaluateAs } from './EvaluateAs';
import { FlagsList } from './FlagsList';
import { FlagsMatrix } from './FlagsMatrix';
import { TenantFlags } from './TenantFlags';

type View = 'flags' | 'matrix' | 'evaluate' | 'tenant';

const LABELS: Record<View, string> = {
  flags: 'Flags',
  tenant: 'Tenant flags',
  matrix: 'Matrix',
  evaluate: 'Evaluate as',
};

/**
 * The views of `/flags` the user may open, as tabs: the flag list (with
 * flags.flag.read), a tenant's effective flags, the tenants × flags matrix
 * and "evaluate as" (with flags.tenant.read for some tenant). A tenant admin
 * without flags.flag.read sees only the read-only tenant views.
 */
export const FlagsHome = () => {
  const access = useFlagsAccess();
  const [chosen, setChosen] = useState<View>();

  const views: View[] = [
    ...(access.read ? (['flags'] as const) : []),
    ...(access.tenantRead ? (['tenant', 'matrix', 'evaluate'] as const) : []),
  ];
  const view = chosen && views.includes(chosen) ? chosen : views[0];

  return (
    <PortalPage
      title="Feature flags"
      subtitle={
        access.read
          ? 'Flag definitions, their values per environment, plan and tenant'
          : "Your tenants' effective feature flags (read-only)"
      }
      headerActions={
        view === 'flags' && access.create ? <CreateFlagButton /> : undefined
      }
    >
      {access.loading ? (
        <Progress />
      ) : (
        <>
          <Box mb={2}>
            <Tabs
              value={view ?? false}
              onChange={(_, value) => setChosen(value)}
              indicatorColor="primary"
              aria-label="Flag views"
            >
              {views.map(v => (
                <Tab key={v} value={v} label={LABELS[v]} />
              ))}
            </Tabs>
          </Box>
          {view === 'flags' && <FlagsList />}
          {view === 'tenant' && <TenantFlags />}
          {view === 'matrix' && <FlagsMatrix />}
          {view === 'evaluate' && <EvaluateAs />}
        </>
      )}
    </PortalPage>
  );
};
