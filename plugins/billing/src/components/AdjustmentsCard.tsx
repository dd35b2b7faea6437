import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Button } from '@material-ui/core';
import { InfoCard, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  DataTable,
  DownloadCsvButton,
  EntityName,
  formatTime,
  ReasonField,
  reasonMissing,
} from '@controlplane/frontend-common';
import {
  Adjustment,
  billingAdjustmentCreatePermission,
} from '@controlplane/plugin-billing-common';
import { billingApiRef } from '../api';
import { useMayChange } from './access';
import { ChangeDialog } from './ChangeDialog';
import { money, parseAmount } from './format';
import { NumberField } from './NumberField';

const columns: TableColumn<Adjustment>[] = [
  { title: 'When', render: a => formatTime(a.createdAt) },
  { title: 'Period', field: 'period' },
  {
    title: 'Amount',
    field: 'amount',
    type: 'numeric',
    render: a => money(a.amount),
  },
  { title: 'Reason', field: 'reason' },
  {
    title: 'By',
    field: 'createdBy',
    render: a => <EntityName entityRef={a.createdBy} />,
  },
];

/** A credit (negative) or charge in the open period, with a reason. */
const AddAdjustmentDialog = (props: {
  tenant: string;
  onClose: () => void;
  onSaved: () => void;
}) => {
  const api = useApi(billingApiRef);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const parsed = parseAmount(amount, { min: -1e9, max: 1e9, label: 'Amount' });
  const amountError =
    parsed.error ?? (parsed.value === 0 ? 'Amount must not be 0' : undefined);
  const reasonError = reasonMissing(true, reason)
    ? 'A reason is required'
    : undefined;
  return (
    <ChangeDialog
      title={`Credit or charge ${props.tenant}`}
      submitLabel="Add"
      invalid={!!amountError || !!reasonError}
      change={() =>
        api.createAdjustment(props.tenant, parsed.value!, reason.trim())
      }
      onClose={props.onClose}
      onSaved={props.onSaved}
    >
      {showErrors => (
        <>
          <NumberField
            id="billing-adjustment-amount"
            label="Amount (USD)"
            value={amount}
            onChange={setAmount}
            error={amountError}
            showError={showErrors}
            hint="Negative for a credit, e.g. -25"
          />
          <ReasonField
            id="billing-adjustment-reason"
            value={reason}
            onChange={setReason}
            required
            error={showErrors ? reasonError : undefined}
          />
        </>
      )}
    </ChangeDialog>
  );
};

/** Credits and charges of the tenant; adding one is the platform's. */
export const AdjustmentsCard = (props: { tenant: string }) => {
  const api = useApi(billingApiRef);
  const mayAdd = useMayChange(billingAdjustmentCreatePermission, props.tenant);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listAdjustments(props.tenant),
    [api, props.tenant],
  );
  const [adding, setAdding] = useState(false);
  const rows = value?.items ?? [];
  return (
    <InfoCard
      title="Credits and adjustments"
      action={
        <>
          <DownloadCsvButton
            filename={`${props.tenant}-adjustments.csv`}
            columns={[
              { title: 'created_at', value: (a: Adjustment) => a.createdAt },
              { title: 'period', value: a => a.period },
              { title: 'amount', value: a => a.amount },
              { title: 'reason', value: a => a.reason },
              { title: 'created_by', value: a => a.createdBy },
            ]}
            rows={rows}
          />
          {mayAdd && (
            <Button size="small" onClick={() => setAdding(true)}>
              Add adjustment
            </Button>
          )}
        </>
      }
    >
      {error ? (
        <BackendErrorPanel error={error} />
      ) : (
        <DataTable
          label="Adjustments"
          columns={columns}
          data={rows}
          isLoading={loading}
          emptyTitle="No credits or charges"
        />
      )}
      {adding && (
        <AddAdjustmentDialog
          tenant={props.tenant}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            retry();
          }}
        />
      )}
    </InfoCard>
  );
};
