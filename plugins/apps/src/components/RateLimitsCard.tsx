import { useEffect, useState } from 'react';
import {
  Box,
  Button,
  IconButton,
  TextField,
  Typography,
} from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import Alert from '@material-ui/lab/Alert';
import { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  DataTable,
  FormDialog,
  useAction,
} from '@controlplane/frontend-common';
import {
  ManagedApp,
  RateLimitRule,
  rateLimitsProblem,
} from '@controlplane/plugin-apps-common';
import { appsApiRef } from '../api';
import { EditableAppCard } from './EditableAppCard';

/** A rule as typed: numbers stay text until they are sent. */
interface RuleRow {
  routePattern: string;
  limitPerMinute: string;
  burst: string;
}

const toRow = (rule: RateLimitRule): RuleRow => ({
  routePattern: rule.routePattern,
  limitPerMinute: String(rule.limitPerMinute),
  burst: String(rule.burst),
});

/** An empty field is not 0: it fails validation as "not a whole number". */
const toNumber = (text: string) => (text.trim() === '' ? NaN : Number(text));

const toRule = (row: RuleRow): RateLimitRule => ({
  routePattern: row.routePattern.trim(),
  limitPerMinute: toNumber(row.limitPerMinute),
  burst: toNumber(row.burst),
});

/** Edit the rules as rows; validated with the backend's own rules before saving. */
export const RateLimitsDialog = (props: {
  open: boolean;
  app: ManagedApp;
  onClose: () => void;
  onChanged: (app: ManagedApp) => void;
}) => {
  const api = useApi(appsApiRef);
  const [rows, setRows] = useState<RuleRow[]>([]);
  const [touched, setTouched] = useState(false);
  const { busy, error, run, clearError } = useAction();
  useEffect(() => {
    if (props.open) {
      setRows(props.app.rateLimits.map(toRow));
      setTouched(false);
      clearError();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open, props.app]);

  const rules = rows.map(toRule);
  const problem = rateLimitsProblem(rules);
  const setRow = (index: number, change: Partial<RuleRow>) => {
    setTouched(true);
    setRows(current =>
      current.map((row, i) => (i === index ? { ...row, ...change } : row)),
    );
  };

  return (
    <FormDialog
      open={props.open}
      title={`Rate limits of ${props.app.name}`}
      submitLabel="Save"
      submitDisabled={busy || !!problem}
      error={error}
      onSubmit={async () => {
        if (problem) return;
        const result = await run(() => api.setRateLimits(props.app.id, rules));
        if (result.ok) props.onChanged(result.value);
      }}
      onClose={props.onClose}
    >
      <Typography variant="body2" color="textSecondary">
        A route pattern is a path under /api; a trailing /* matches the rest.
        The most specific pattern applies; calls matching none use the portal's
        default. Burst is how many calls may come at once.
      </Typography>
      {rows.map((row, index) => (
        <Box
          key={index}
          display="flex"
          alignItems="flex-end"
          style={{ gap: 8 }}
        >
          <TextField
            id={`apps-rate-limit-${index}-pattern`}
            label={`Route pattern ${index + 1}`}
            value={row.routePattern}
            placeholder="/api/audit/*"
            onChange={e => setRow(index, { routePattern: e.target.value })}
            margin="normal"
            style={{ flex: 3 }}
          />
          <TextField
            id={`apps-rate-limit-${index}-limit`}
            label={`Limit per minute ${index + 1}`}
            type="number"
            value={row.limitPerMinute}
            onChange={e => setRow(index, { limitPerMinute: e.target.value })}
            inputProps={{ min: 1, step: 1 }}
            margin="normal"
            style={{ flex: 1 }}
          />
          <TextField
            id={`apps-rate-limit-${index}-burst`}
            label={`Burst ${index + 1}`}
            type="number"
            value={row.burst}
            onChange={e => setRow(index, { burst: e.target.value })}
            inputProps={{ min: 1, step: 1 }}
            margin="normal"
            style={{ flex: 1 }}
          />
          <IconButton
            aria-label={`Remove rule ${index + 1}`}
            onClick={() => {
              setTouched(true);
              setRows(current => current.filter((_row, i) => i !== index));
            }}
          >
            <DeleteIcon />
          </IconButton>
        </Box>
      ))}
      <Box mt={1} mb={1}>
        <Button
          startIcon={<AddIcon />}
          onClick={() =>
            setRows(current => [
              ...current,
              { routePattern: '', limitPerMinute: '60', burst: '60' },
            ])
          }
        >
          Add rule
        </Button>
      </Box>
      {touched && problem && (
        <Alert severity="warning" aria-label="Rate limit problem">
          {problem}
        </Alert>
      )}
    </FormDialog>
  );
};

const RULE_COLUMNS: TableColumn<RateLimitRule>[] = [
  {
    title: 'Route pattern',
    field: 'routePattern',
    render: rule => <code>{rule.routePattern}</code>,
  },
  { title: 'Limit per minute', field: 'limitPerMinute', type: 'numeric' },
  { title: 'Burst', field: 'burst', type: 'numeric' },
];

/** The app's rate limits; edited with apps.app.update. */
export const RateLimitsCard = (props: {
  app: ManagedApp;
  onChanged: (app: ManagedApp) => void;
}) => {
  const { app } = props;
  return (
    <EditableAppCard
      title="Rate limits"
      app={app}
      dialog={RateLimitsDialog}
      editLabel="Edit rate limits"
      onChanged={props.onChanged}
    >
      <DataTable
        label="Rate limits"
        columns={RULE_COLUMNS}
        data={app.rateLimits}
        emptyTitle="No rules: every call uses the portal's default limit."
      />
    </EditableAppCard>
  );
};
