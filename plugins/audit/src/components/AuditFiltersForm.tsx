import { FormEvent, useState } from 'react';
import { Box, Button, Grid, TextField } from '@material-ui/core';
import {
  AUDIT_OUTCOMES,
  AUDIT_SEVERITIES,
  isOneOf,
} from '@controlplane/plugin-audit-common';
import { AuditFilters } from '../api';
import { isoToLocalInput, localInputToIso } from './filters';

type TextKey = 'actor' | 'action' | 'resourceType' | 'resourceId' | 'tenant';

const TEXT_FIELDS: { key: TextKey; label: string; placeholder: string }[] = [
  { key: 'actor', label: 'Actor', placeholder: 'e.g. user:default/ada' },
  { key: 'action', label: 'Action', placeholder: 'e.g. rbac.role-grant' },
  {
    key: 'resourceType',
    label: 'Resource type',
    placeholder: 'e.g. rbac-role',
  },
  { key: 'resourceId', label: 'Resource ID', placeholder: 'e.g. operator' },
  { key: 'tenant', label: 'Tenant', placeholder: 'e.g. acme' },
];

/**
 * The filters of the audit page. Text and time fields apply on "Apply" (or
 * Enter), the outcome and severity choices at once.
 */
export const AuditFiltersForm = (props: {
  filters: AuditFilters;
  onApply: (filters: AuditFilters) => void;
}) => {
  const { filters, onApply } = props;
  const [draft, setDraft] = useState<AuditFilters>(filters);
  const set = (change: Partial<AuditFilters>) =>
    setDraft(previous => ({ ...previous, ...change }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };

  const choose = (change: Partial<AuditFilters>) => {
    const next = { ...draft, ...change };
    setDraft(next);
    onApply(next);
  };

  return (
    <Box component="form" onSubmit={submit} aria-label="audit filters">
      <Grid container spacing={2}>
        {TEXT_FIELDS.map(field => (
          <Grid item xs={12} sm={6} md={4} lg={2} key={field.key}>
            <TextField
              id={`audit-filter-${field.key}`}
              label={field.label}
              placeholder={field.placeholder}
              value={draft[field.key] ?? ''}
              onChange={e => set({ [field.key]: e.target.value })}
              fullWidth
              InputLabelProps={{ shrink: true }}
            />
          </Grid>
        ))}
        <Grid item xs={12} sm={6} md={4} lg={2}>
          <TextField
            id="audit-filter-outcome"
            select
            label="Outcome"
            value={draft.outcome ?? ''}
            onChange={e =>
              choose({
                outcome: isOneOf(AUDIT_OUTCOMES, e.target.value)
                  ? e.target.value
                  : undefined,
              })
            }
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
            fullWidth
          >
            <option value="">Any</option>
            {AUDIT_OUTCOMES.map(outcome => (
              <option key={outcome} value={outcome}>
                {outcome}
              </option>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} sm={6} md={4} lg={2}>
          <TextField
            id="audit-filter-severity"
            select
            label="Severity"
            value={draft.severity ?? ''}
            onChange={e =>
              choose({
                severity: isOneOf(AUDIT_SEVERITIES, e.target.value)
                  ? e.target.value
                  : undefined,
              })
            }
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
            fullWidth
          >
            <option value="">Any</option>
            {AUDIT_SEVERITIES.map(severity => (
              <option key={severity} value={severity}>
                {severity}
              </option>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} sm={6} md={4} lg={2}>
          <TextField
            id="audit-filter-from"
            label="From"
            type="datetime-local"
            value={isoToLocalInput(draft.from)}
            onChange={e => set({ from: localInputToIso(e.target.value) })}
            InputLabelProps={{ shrink: true }}
            fullWidth
          />
        </Grid>
        <Grid item xs={12} sm={6} md={4} lg={2}>
          <TextField
            id="audit-filter-to"
            label="To"
            type="datetime-local"
            value={isoToLocalInput(draft.to)}
            onChange={e => set({ to: localInputToIso(e.target.value) })}
            InputLabelProps={{ shrink: true }}
            fullWidth
          />
        </Grid>
        <Grid item xs={12} md={4} lg={4}>
          <Box display="flex" alignItems="flex-end" height="100%">
            <Button type="submit" variant="contained" color="primary">
              Apply filters
            </Button>
            <Box ml={1}>
              <Button
                onClick={() => {
                  setDraft({});
                  onApply({});
                }}
              >
                Clear
              </Button>
            </Box>
          </Box>
        </Grid>
      </Grid>
    </Box>
  );
};
