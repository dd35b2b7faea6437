import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Box,
  Button,
  Checkbox,
  Chip,
  FormControlLabel,
  LinearProgress,
  TextField,
  Typography,
} from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { BackendErrorPanel } from '@controlplane/frontend-common';
import {
  billingBudgetUpdatePermission,
  BudgetState,
} from '@controlplane/plugin-billing-common';
import { billingApiRef } from '../api';
import { useMayChange } from './access';
import { ChangeDialog } from './ChangeDialog';
import { money, parseAmount } from './format';
import { NumberField } from './NumberField';

/** Thresholds typed as `80, 90`: whole percentages from 1 to 100. */
export function parseThresholds(text: string): {
  value?: number[];
  error?: string;
} {
  const parts = text
    .split(',')
    .map(part => part.trim())
    .filter(Boolean);
  if (parts.length === 0) return { value: [] };
  if (parts.length > 10) return { error: 'At most 10 thresholds' };
  const values = parts.map(Number);
  if (values.some(v => !Number.isInteger(v) || v < 1 || v > 100)) {
    return { error: 'Thresholds are whole percentages from 1 to 100' };
  }
  return { value: [...new Set(values)].sort((a, b) => a - b) };
}

/** Sets the monthly budget, its alert thresholds and hard cap. */
const SetBudgetDialog = (props: {
  tenant: string;
  budget?: BudgetState;
  onClose: () => void;
  onSaved: () => void;
}) => {
  const api = useApi(billingApiRef);
  const [amount, setAmount] = useState(
    props.budget ? String(props.budget.monthlyAmount) : '',
  );
  const [thresholds, setThresholds] = useState(
    (props.budget?.thresholds ?? [80, 90]).join(', '),
  );
  const [hardCap, setHardCap] = useState(props.budget?.hardCap ?? false);
  const parsedAmount = parseAmount(amount, {
    min: 0,
    max: 1e9,
    label: 'Monthly amount',
  });
  const parsedThresholds = parseThresholds(thresholds);
  return (
    <ChangeDialog
      title={`Budget of ${props.tenant}`}
      invalid={parsedAmount.value === undefined || !parsedThresholds.value}
      change={() =>
        api.setBudget(props.tenant, {
          monthlyAmount: parsedAmount.value!,
          thresholds: parsedThresholds.value,
          hardCap,
        })
      }
      onClose={props.onClose}
      onSaved={props.onSaved}
    >
      {showErrors => (
        <>
          <NumberField
            id="billing-budget-amount"
            label="Monthly amount (USD)"
            value={amount}
            onChange={setAmount}
            error={parsedAmount.error}
            showError={showErrors}
          />
          <TextField
            id="billing-budget-thresholds"
            label="Alert thresholds (%)"
            value={thresholds}
            onChange={e => setThresholds(e.target.value)}
            error={showErrors && !!parsedThresholds.error}
            helperText={
              (showErrors && parsedThresholds.error) ||
              "e.g. 80, 90: the tenant's owners are told once per month at each"
            }
            fullWidth
            margin="normal"
          />
          <FormControlLabel
            control={
              <Checkbox
                checked={hardCap}
                onChange={e => setHardCap(e.target.checked)}
              />
            }
            label="Hard cap: apps are told to stop at 100 %"
          />
        </>
      )}
    </ChangeDialog>
  );
};

/** The tenant's monthly budget: spent, thresholds crossed, hard cap. */
export const BudgetCard = (props: { tenant: string }) => {
  const api = useApi(billingApiRef);
  const { tenant } = props;
  const maySet = useMayChange(billingBudgetUpdatePermission, tenant);
  const {
    value: budget,
    loading,
    error,
    retry,
  } = useAsyncRetry(() => api.getBudget(tenant), [api, tenant]);
  const [editing, setEditing] = useState(false);
  return (
    <InfoCard
      title="Budget"
      action={
        maySet && !loading && !error ? (
          <Button size="small" onClick={() => setEditing(true)}>
            Set budget
          </Button>
        ) : undefined
      }
    >
      {error && <BackendErrorPanel error={error} />}
      {!error && !loading && !budget && (
        <Typography color="textSecondary">No budget</Typography>
      )}
      {budget && (
        <Box aria-label="Budget">
          <Typography variant="body2">
            Spent {money(budget.spent)} of {money(budget.monthlyAmount)} in{' '}
            {budget.period} ({budget.percentageUsed} %)
          </Typography>
          <LinearProgress
            variant="determinate"
            color={budget.crossedThresholds.length ? 'secondary' : 'primary'}
            value={Math.min(100, budget.percentageUsed)}
            aria-label="Budget used"
          />
          <Box mt={1}>
            {budget.thresholds.map(threshold => (
              <Chip
                key={threshold}
                size="small"
                style={{ marginRight: 4 }}
                color={
                  budget.crossedThresholds.includes(threshold)
                    ? 'secondary'
                    : 'default'
                }
                label={`${threshold} %${
                  budget.crossedThresholds.includes(threshold) ? ' crossed' : ''
                }`}
              />
            ))}
            {budget.hardCap && (
              <Chip
                size="small"
                color={budget.overCap ? 'secondary' : 'default'}
                label={budget.overCap ? 'hard cap reached' : 'hard cap'}
              />
            )}
          </Box>
        </Box>
      )}
      {editing && (
        <SetBudgetDialog
          tenant={tenant}
          budget={budget}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            retry();
          }}
        />
      )}
    </InfoCard>
  );
};
