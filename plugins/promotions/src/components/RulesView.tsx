import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Box, Button } from '@material-ui/core';
import { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  DataTable,
  EntityName,
  EntityNames,
  formatTime,
} from '@controlplane/frontend-common';
import {
  Policy,
  Rule,
  RuleConditions,
} from '@controlplane/plugin-promotions-common';
import { promotionsApiRef } from '../api';
import { usePromotionsAccess } from './access';
import { formatStep } from './format';
import { PolicyDialog } from './PolicyDialog';
import { RuleDialog } from './RuleDialog';

/** A rule's conditions in words: `tests pass, coverage ≥ 80%, no critical vulnerabilities`. */
export function describeConditions(conditions: RuleConditions): string {
  const parts: string[] = [];
  if (conditions.allTestsPassed) parts.push('tests pass');
  if (conditions.minCodeCoverage !== undefined) {
    parts.push(`coverage ≥ ${conditions.minCodeCoverage}%`);
  }
  if (conditions.noCriticalVulnerabilities) {
    parts.push('no critical vulnerabilities');
  }
  return parts.join(', ') || 'none';
}

/** An "Edit" button per row, for those who may. */
const editColumn = <T extends object>(
  show: boolean,
  label: (row: T) => string,
  onEdit: (row: T) => void,
): TableColumn<T>[] =>
  show
    ? [
        {
          title: 'Actions',
          render: row => (
            <Button
              size="small"
              aria-label={label(row)}
              onClick={() => onEdit(row)}
            >
              Edit
            </Button>
          ),
        },
      ]
    : [];

/** A list the backend answers whole, or its error. */
function LoadedTable<T extends object>(props: {
  label: string;
  title: string;
  columns: TableColumn<T>[];
  loaded: { value?: { items: T[] }; loading: boolean; error?: Error };
  emptyTitle: string;
}) {
  const { loaded, ...table } = props;
  if (loaded.error) return <BackendErrorPanel error={loaded.error} />;
  return (
    <DataTable<T>
      {...table}
      data={loaded.value?.items ?? []}
      isLoading={loaded.loading}
    />
  );
}

/**
 * The promotion rules (auto-approve when the evidence meets conditions)
 * and the approval policy of each environment; holders of
 * promotions.rule.manage and promotions.policy.update change them.
 */
export const RulesView = () => {
  const api = useApi(promotionsApiRef);
  const access = usePromotionsAccess();
  const rules = useAsyncRetry(() => api.listRules(), [api]);
  const policies = useAsyncRetry(() => api.listPolicies(), [api]);
  // `null`: a new rule.
  const [editingRule, setEditingRule] = useState<Rule | null>();
  const [editingPolicy, setEditingPolicy] = useState<Policy>();

  const ruleColumns = useMemo<TableColumn<Rule>[]>(
    () => [
      { title: 'Name', field: 'name' },
      { title: 'Environments', render: formatStep },
      { title: 'Conditions', render: r => describeConditions(r.conditions) },
      { title: 'Auto-approve', render: r => (r.autoApprove ? 'yes' : 'no') },
      {
        title: 'Notify',
        render: r => <EntityNames entityRefs={r.notify} empty="—" />,
      },
      { title: 'Active', render: r => (r.active ? 'yes' : 'no') },
      ...editColumn<Rule>(
        access.manageRules,
        r => `Edit rule ${r.name}`,
        setEditingRule,
      ),
    ],
    [access.manageRules],
  );
  const policyColumns = useMemo<TableColumn<Policy>[]>(
    () => [
      { title: 'Environment', field: 'environment' },
      { title: 'Approvals required', field: 'approvalsRequired' },
      {
        title: 'Approver groups',
        render: p => (
          <EntityNames
            entityRefs={p.approverGroups}
            empty="anyone who may approve"
          />
        ),
      },
      { title: 'Expires after', render: p => `${p.expiresAfterHours} h` },
      {
        title: 'Changed',
        render: p => (
          <>
            {formatTime(p.updatedAt)}
            {p.updatedBy && (
              <>
                {' by '}
                <EntityName entityRef={p.updatedBy} />
              </>
            )}
          </>
        ),
      },
      ...editColumn<Policy>(
        access.updatePolicy,
        p => `Edit the policy of ${p.environment}`,
        setEditingPolicy,
      ),
    ],
    [access.updatePolicy],
  );

  return (
    <>
      <Box display="flex" justifyContent="flex-end" mb={1}>
        {access.manageRules && (
          <Button variant="outlined" onClick={() => setEditingRule(null)}>
            New rule
          </Button>
        )}
      </Box>
      <LoadedTable<Rule>
        label="Rules"
        title="Rules"
        columns={ruleColumns}
        loaded={rules}
        emptyTitle="No rules yet"
      />
      <Box mt={3}>
        <LoadedTable<Policy>
          label="Policies"
          title="Approval policies"
          columns={policyColumns}
          loaded={policies}
          emptyTitle="No policies"
        />
      </Box>
      <RuleDialog
        open={editingRule !== undefined}
        rule={editingRule ?? undefined}
        onClose={() => setEditingRule(undefined)}
        onSaved={() => rules.retry()}
      />
      <PolicyDialog
        policy={editingPolicy}
        onClose={() => setEditingPolicy(undefined)}
        onSaved={() => policies.retry()}
      />
    </>
  );
};
