import { useState } from 'react';
import { Box, Button, Grid, TextField, Typography } from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import { ErrorAlert, useAction } from '@controlplane/frontend-common';
import { Environment, Evaluation } from '@controlplane/plugin-flags-common';
import { flagsApiRef } from '../api';
import { EnvironmentSelect } from './EnvironmentSelect';
import { EvaluationTable } from './EvaluationTable';
import { parseAttributes } from './format';

/**
 * "Evaluate as": what an app of a tenant would get in an environment for a
 * context (targeting key and attributes), flag by flag, with why.
 */
export const EvaluateAs = () => {
  const api = useApi(flagsApiRef);
  const [tenant, setTenant] = useState('');
  const [environment, setEnvironment] = useState<Environment>('development');
  const [targetingKey, setTargetingKey] = useState('');
  const [attributes, setAttributes] = useState('');
  const [problem, setProblem] = useState<Error>();
  const [evaluation, setEvaluation] = useState<Evaluation>();
  const { busy, error, run } = useAction();

  const evaluate = async () => {
    let context: Record<string, string>;
    try {
      context = parseAttributes(attributes);
    } catch (e) {
      setProblem(e as Error);
      return;
    }
    setProblem(undefined);
    if (targetingKey.trim()) context.targetingKey = targetingKey.trim();
    const result = await run(() =>
      api.evaluate({ tenant: tenant.trim(), environment, context }),
    );
    setEvaluation(result.ok ? result.value : undefined);
  };

  return (
    <>
      <Grid container spacing={2}>
        <Grid item xs={12} sm={4}>
          <TextField
            id="evaluate-tenant"
            label="Tenant"
            value={tenant}
            onChange={e => setTenant(e.target.value)}
            required
            fullWidth
            margin="normal"
          />
        </Grid>
        <Grid item xs={12} sm={4}>
          <EnvironmentSelect
            id="evaluate-environment"
            value={environment}
            onChange={setEnvironment}
          />
        </Grid>
        <Grid item xs={12} sm={4}>
          <TextField
            id="evaluate-targeting-key"
            label="Targeting key"
            helperText="The key rollouts bucket on, e.g. a user id"
            value={targetingKey}
            onChange={e => setTargetingKey(e.target.value)}
            fullWidth
            margin="normal"
          />
        </Grid>
        <Grid item xs={12}>
          <TextField
            id="evaluate-attributes"
            label="Attributes"
            helperText="One key=value per line, e.g. country=DE"
            value={attributes}
            onChange={e => setAttributes(e.target.value)}
            multiline
            minRows={2}
            fullWidth
          />
        </Grid>
      </Grid>
      <Box my={2}>
        <Button
          variant="contained"
          color="primary"
          disabled={busy || !tenant.trim()}
          onClick={evaluate}
        >
          Evaluate
        </Button>
      </Box>
      <ErrorAlert error={problem ?? error} />
      {evaluation && (
        <>
          <Typography variant="body2" gutterBottom>
            {evaluation.tenant}
            {evaluation.plan ? ` (plan ${evaluation.plan})` : ''} in{' '}
            {evaluation.environment}
          </Typography>
          <EvaluationTable label="Evaluation" flags={evaluation.flags} />
        </>
      )}
    </>
  );
};
