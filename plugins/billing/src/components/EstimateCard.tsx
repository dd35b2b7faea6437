import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Box, Button, Grid, Typography } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  DataTable,
  ErrorAlert,
  SelectField,
  useAction,
} from '@controlplane/frontend-common';
import { Estimate, EstimateInput } from '@controlplane/plugin-billing-common';
import { billingApiRef } from '../api';
import { money, parseAmount, quantity } from './format';
import { NumberField } from './NumberField';
import { usageLineColumns } from './UsageCard';

type Plan = NonNullable<EstimateInput['plan']>;
const PLANS: Plan[] = ['free', 'starter', 'professional', 'enterprise'];

/**
 * What a projected month would cost: a plan and a quantity per event type
 * (the prices shown are the configured ones), estimated by the backend.
 */
export const EstimateCard = () => {
  const api = useApi(billingApiRef);
  const pricing = useAsync(() => api.getPricing(), [api]);
  const [plan, setPlan] = useState<Plan>('starter');
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState(false);
  const [estimate, setEstimate] = useState<Estimate>();
  const action = useAction();
  const units = pricing.value?.units ?? [];
  const parsed = units.map(unit => ({
    type: unit.type,
    ...parseAmount(quantities[unit.type] ?? '0', {
      min: 0,
      max: 1e12,
      label: unit.type,
    }),
  }));
  const invalid = parsed.some(p => p.error);
  const submit = async () => {
    setTouched(true);
    if (invalid) return;
    const result = await action.run(() =>
      api.estimate({
        plan,
        quantities: Object.fromEntries(
          parsed.filter(p => p.value).map(p => [p.type, p.value!]),
        ),
      }),
    );
    if (result.ok) setEstimate(result.value);
  };
  return (
    <InfoCard title="Estimate a month">
      {pricing.error && <BackendErrorPanel error={pricing.error} />}
      <Grid container spacing={2}>
        <Grid item xs={12} sm={3}>
          <SelectField
            id="billing-estimate-plan"
            label="Plan"
            value={plan}
            options={PLANS}
            optionLabel={option => {
              const fee = pricing.value?.plans.find(p => p.plan === option);
              return fee
                ? `${option} (${money(
                    fee.monthlyCost,
                    pricing.value?.currency,
                  )} a month)`
                : option;
            }}
            onChange={setPlan}
          />
        </Grid>
        {units.map((unit, index) => (
          <Grid item xs={12} sm={3} key={unit.type}>
            <NumberField
              id={`billing-estimate-${unit.type}`}
              label={unit.type}
              value={quantities[unit.type] ?? ''}
              placeholder="0"
              onChange={text =>
                setQuantities({ ...quantities, [unit.type]: text })
              }
              error={parsed[index].error}
              showError={touched}
              hint={`${money(unit.price, pricing.value?.currency)} ${
                unit.label ?? `per ${quantity(unit.per)}`
              }`}
            />
          </Grid>
        ))}
      </Grid>
      {!!pricing.value?.models.length && (
        <Typography variant="body2" color="textSecondary" paragraph>
          Tokens per model:{' '}
          {pricing.value.models
            .map(
              m =>
                `${m.model} ${money(
                  m.price,
                  pricing.value?.currency,
                )} per ${quantity(m.per)}`,
            )
            .join(', ')}
        </Typography>
      )}
      <Button
        color="primary"
        variant="contained"
        disabled={action.busy || !pricing.value}
        onClick={submit}
      >
        Estimate
      </Button>
      <ErrorAlert error={action.error} />
      {estimate && (
        <Box mt={2} aria-label="Estimate">
          <DataTable
            label="Estimated usage"
            columns={usageLineColumns}
            data={estimate.lines}
          />
          <Typography variant="body2" style={{ marginTop: 8 }}>
            Platform fee {money(estimate.platformFee, estimate.currency)}, total{' '}
            <b>{money(estimate.total, estimate.currency)}</b> on {estimate.plan}
          </Typography>
          {estimate.recommendations.map(text => (
            <Typography key={text} variant="body2" color="textSecondary">
              {text}
            </Typography>
          ))}
        </Box>
      )}
    </InfoCard>
  );
};
