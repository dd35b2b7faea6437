import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Box } from '@material-ui/core';
import { InfoCard, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  CsvColumn,
  DataTable,
  DownloadCsvButton,
  SelectField,
} from '@controlplane/frontend-common';
import { UsageDetails } from '@controlplane/plugin-billing-common';
import { billingApiRef, GroupBy } from '../api';
import { money, quantity } from './format';

type Line = UsageDetails['breakdown'][number];

const GROUPS: GroupBy[] = ['app', 'agent', 'type', 'model', 'day'];
const GROUP_LABELS: Record<GroupBy, string> = {
  app: 'App',
  agent: 'Agent',
  type: 'Event type',
  model: 'Model',
  day: 'Day',
};

/** The tenant's usage of the current period grouped by app, agent, type, model or day. */
export const BreakdownCard = (props: { tenant: string }) => {
  const api = useApi(billingApiRef);
  const { tenant } = props;
  const [groupBy, setGroupBy] = useState<GroupBy>('app');
  const { value, loading, error } = useAsync(
    () => api.getUsageDetails(tenant, groupBy),
    [api, tenant, groupBy],
  );
  const lines = useMemo(() => value?.breakdown ?? [], [value]);
  const types = useMemo(
    () => [...new Set(lines.flatMap(l => Object.keys(l.quantities)))].sort(),
    [lines],
  );
  const columns: TableColumn<Line>[] = [
    {
      title: GROUP_LABELS[groupBy],
      field: 'key',
      render: line => line.key || '(none)',
    },
    ...types.map(type => ({
      title: type,
      type: 'numeric' as const,
      render: (line: Line) => quantity(line.quantities[type] ?? 0),
    })),
    {
      title: 'Cost',
      field: 'cost',
      type: 'numeric',
      render: line => money(line.cost),
    },
  ];
  const csv: CsvColumn<Line>[] = [
    { title: groupBy, value: line => line.key },
    ...types.map(type => ({
      title: type,
      value: (line: Line) => line.quantities[type] ?? 0,
    })),
    { title: 'cost', value: line => line.cost },
  ];
  return (
    <InfoCard
      title="Breakdown"
      action={
        <DownloadCsvButton
          filename={`${tenant}-usage-by-${groupBy}.csv`}
          columns={csv}
          rows={lines}
        />
      }
    >
      <Box maxWidth={240}>
        <SelectField
          id="billing-group-by"
          label="Group by"
          value={groupBy}
          options={GROUPS}
          optionLabel={group => GROUP_LABELS[group]}
          onChange={setGroupBy}
        />
      </Box>
      {error ? (
        <BackendErrorPanel error={error} />
      ) : (
        <DataTable
          label={`Usage by ${GROUP_LABELS[groupBy].toLowerCase()}`}
          columns={columns}
          data={lines}
          isLoading={loading}
          pageSize={lines.length > 20 ? 20 : undefined}
          emptyTitle="No usage recorded in this period"
        />
      )}
    </InfoCard>
  );
};
