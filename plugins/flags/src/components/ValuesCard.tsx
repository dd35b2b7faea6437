import { useMemo, useState } from 'react';
import { Box, Button, Tab, Tabs } from '@material-ui/core';
import { InfoCard, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ConfirmDialog,
  DataTable,
  EntityName,
  formatTime,
  useAction,
} from '@controlplane/frontend-common';
import {
  Environment,
  FLAG_PLANS,
  Flag,
  FlagValue,
  Rule,
  parseValueTarget,
} from '@controlplane/plugin-flags-common';
import { flagsApiRef } from '../api';
import { FlagsAccess, useFlagsAccess } from './access';
import { SetValueDialog } from './SetValueDialog';

/** One layer of one environment, set or not. */
interface Row {
  target: string;
  label: string;
  value?: FlagValue;
}

/** `Environment default`, `Plan free`, `Tenant acme`. */
export function targetLabel(target: string): string {
  const parsed = parseValueTarget(target);
  if (parsed.layer === 'environment') return 'Environment default';
  return parsed.layer === 'plan'
    ? `Plan ${parsed.plan}`
    : `Tenant ${parsed.tenant}`;
}

/** What the rules of a value do, in a few words. */
export function describeRules(rules: Rule[]): string {
  if (rules.length === 0) return '—';
  return rules
    .map(rule => {
      const when = rule.constraints?.length
        ? `when ${rule.constraints
            .map(c => `${c.attribute} ${c.operator} ${c.values.join('|')}`)
            .join(' and ')}`
        : 'everyone';
      const serve = rule.rollout
        ? rule.rollout.map(s => `${s.variant} ${s.weight} %`).join(', ')
        : rule.variant;
      return `${when}: ${serve}`;
    })
    .join('; ');
}

const mayChange = (access: FlagsAccess, target: string) =>
  target.startsWith('tenant:') ? access.tenantUpdate : access.update;

type Dialog = { kind: 'set' | 'clear'; row?: Row };

/**
 * The flag's values per environment: the environment's default, each plan's
 * value and the tenant overrides, each with set and clear for those who may
 * change them, and a new tenant override.
 */
export const ValuesCard = (props: {
  flag: Flag;
  onChanged: (flag: Flag) => void;
}) => {
  const { flag, onChanged } = props;
  const api = useApi(flagsApiRef);
  const access = useFlagsAccess();
  const [chosen, setChosen] = useState<Environment>();
  const environment =
    chosen && flag.environments.includes(chosen)
      ? chosen
      : flag.environments[0];
  const [dialog, setDialog] = useState<Dialog>();
  const clearing = useAction();

  const rows = useMemo<Row[]>(() => {
    const values = flag.values.filter(v => v.environment === environment);
    const targets = [
      'default',
      ...FLAG_PLANS.map(plan => `plan:${plan}`),
      ...values
        .filter(v => v.layer === 'tenant')
        .map(v => v.target)
        .sort(),
    ];
    return targets.map(target => ({
      target,
      label: targetLabel(target),
      value: values.find(v => v.target === target),
    }));
  }, [flag.values, environment]);

  const columns = useMemo<TableColumn<Row>[]>(
    () => [
      { title: 'Layer', field: 'label' },
      {
        title: 'Variant',
        render: row => row.value?.variant ?? 'not set (the next layer decides)',
      },
      {
        title: 'Rules',
        render: row => (row.value ? describeRules(row.value.rules) : ''),
      },
      {
        title: 'Updated',
        render: row =>
          row.value ? (
            <>
              {formatTime(row.value.updatedAt)} by{' '}
              <EntityName entityRef={row.value.updatedBy} />
            </>
          ) : (
            ''
          ),
      },
      {
        title: 'Actions',
        render: row =>
          mayChange(access, row.target) ? (
            <>
              <Button
                size="small"
                aria-label={`Set ${row.label} in ${environment}`}
                onClick={() => setDialog({ kind: 'set', row })}
              >
                Set
              </Button>
              {row.value && (
                <Button
                  size="small"
                  aria-label={`Clear ${row.label} in ${environment}`}
                  onClick={() => {
                    clearing.clearError();
                    setDialog({ kind: 'clear', row });
                  }}
                >
                  Clear
                </Button>
              )}
            </>
          ) : null,
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [access.update, access.tenantUpdate, environment],
  );

  const clear = async (reason: string) => {
    const row = dialog?.row;
    if (!row) return;
    const result = await clearing.run(() =>
      api.clearValue(flag.key, environment, row.target, reason || undefined),
    );
    if (result.ok) {
      setDialog(undefined);
      onChanged(result.value);
    }
  };

  return (
    <InfoCard
      title="Values"
      subheader="Decided in this order: tenant override, plan value, environment default, the flag's default variant"
      action={
        access.tenantUpdate ? (
          <Button variant="outlined" onClick={() => setDialog({ kind: 'set' })}>
            Set tenant override
          </Button>
        ) : undefined
      }
    >
      <Box mb={1}>
        <Tabs
          value={environment}
          onChange={(_, value) => setChosen(value)}
          indicatorColor="primary"
          aria-label="Environment"
        >
          {flag.environments.map(env => (
            <Tab key={env} value={env} label={env} />
          ))}
        </Tabs>
      </Box>
      <DataTable<Row>
        label={`Values in ${environment}`}
        columns={columns}
        data={rows}
      />
      <SetValueDialog
        open={dialog?.kind === 'set'}
        flag={flag}
        environment={environment}
        target={dialog?.row?.target}
        label={dialog?.row?.label ?? 'tenant override'}
        current={dialog?.row?.value}
        onClose={() => setDialog(undefined)}
        onChanged={onChanged}
      />
      <ConfirmDialog
        open={dialog?.kind === 'clear'}
        title={`Clear ${dialog?.row?.label ?? ''} in ${environment}`}
        confirmLabel="Clear"
        reasonLabel={environment === 'production' ? 'Reason' : undefined}
        reasonId="clear-value-reason"
        busy={clearing.busy}
        error={clearing.error}
        onConfirm={clear}
        onClose={() => setDialog(undefined)}
      >
        The next layer decides again for this {environment} value.
      </ConfirmDialog>
    </InfoCard>
  );
};
