import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Box, Button, LinearProgress, Typography } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  DownloadCsvButton,
  ReasonField,
} from '@controlplane/frontend-common';
import {
  billingQuotaUpdatePermission,
  Quota,
} from '@controlplane/plugin-billing-common';
import { billingApiRef } from '../api';
import { useMayChange } from './access';
import { ChangeDialog } from './ChangeDialog';
import { parseAmount, quantity } from './format';
import { NumberField } from './NumberField';

const MAX_LIMIT = 1e15;

/** Changes one quota's limit, with an optional reason. */
const EditQuotaDialog = (props: {
  tenant: string;
  quota: Quota;
  onClose: () => void;
  onSaved: () => void;
}) => {
  const api = useApi(billingApiRef);
  const { quota } = props;
  const [limit, setLimit] = useState(String(quota.limit));
  const [reason, setReason] = useState('');
  const parsed = parseAmount(limit, { min: 0, max: MAX_LIMIT, label: 'Limit' });
  return (
    <ChangeDialog
      title={`Quota of ${quota.resourceType}`}
      invalid={parsed.value === undefined}
      change={() =>
        api.updateQuota(
          props.tenant,
          quota.resourceType,
          parsed.value!,
          reason.trim() || undefined,
        )
      }
      onClose={props.onClose}
      onSaved={props.onSaved}
    >
      {showErrors => (
        <>
          <NumberField
            id="billing-quota-limit"
            label="Limit"
            value={limit}
            onChange={setLimit}
            error={parsed.error}
            showError={showErrors}
            hint={`Used this period: ${quantity(quota.used)}`}
          />
          <ReasonField
            id="billing-quota-reason"
            value={reason}
            onChange={setReason}
            helperText="Optional: why the limit changes"
          />
        </>
      )}
    </ChangeDialog>
  );
};

/**
 * The tenant's quotas (from its plan unless set for it) as progress bars
 * of used against limit; "Edit" for those who may change this tenant's.
 */
export const QuotasCard = (props: { tenant: string }) => {
  const api = useApi(billingApiRef);
  const { tenant } = props;
  const mayEdit = useMayChange(billingQuotaUpdatePermission, tenant);
  const { value, error, retry } = useAsyncRetry(
    () => api.listQuotas(tenant),
    [api, tenant],
  );
  const [editing, setEditing] = useState<Quota>();
  const quotas = value?.quotas ?? [];
  return (
    <InfoCard
      title="Quotas"
      subheader={value ? `Plan ${value.plan}` : undefined}
      action={
        <DownloadCsvButton
          filename={`${tenant}-quotas.csv`}
          columns={[
            { title: 'type', value: (q: Quota) => q.resourceType },
            { title: 'used', value: q => q.used },
            { title: 'limit', value: q => q.limit },
            { title: 'percentage_used', value: q => q.percentageUsed },
            { title: 'source', value: q => q.source },
          ]}
          rows={quotas}
        />
      }
    >
      {error && <BackendErrorPanel error={error} />}
      <ul aria-label="Quotas" style={{ listStyle: 'none', padding: 0 }}>
        {quotas.map(quota => (
          <li key={quota.resourceType} aria-label={quota.resourceType}>
            <Box display="flex" alignItems="center" mb={1}>
              <Box flexGrow={1}>
                <Typography variant="body2">
                  <b>{quota.resourceType}</b>: {quantity(quota.used)} of{' '}
                  {quantity(quota.limit)} ({quota.percentageUsed} %)
                  {quota.source === 'tenant' ? ', set for this tenant' : ''}
                </Typography>
                <LinearProgress
                  variant="determinate"
                  color={quota.percentageUsed >= 90 ? 'secondary' : 'primary'}
                  value={Math.min(100, quota.percentageUsed)}
                  aria-label={`${quota.resourceType} used`}
                />
              </Box>
              {mayEdit && (
                <Button
                  size="small"
                  aria-label={`Edit quota ${quota.resourceType}`}
                  onClick={() => setEditing(quota)}
                >
                  Edit
                </Button>
              )}
            </Box>
          </li>
        ))}
      </ul>
      {editing && (
        <EditQuotaDialog
          tenant={tenant}
          quota={editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            retry();
          }}
        />
      )}
    </InfoCard>
  );
};
