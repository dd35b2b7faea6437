import { TableColumn } from '@backstage/core-components';
import { DataTable } from '@controlplane/frontend-common';
import { FlagEvaluation } from '@controlplane/plugin-flags-common';
import { formatValue } from './format';

const columns: TableColumn<FlagEvaluation>[] = [
  { title: 'Flag', field: 'key' },
  { title: 'Value', render: e => formatValue(e.value) },
  { title: 'Variant', field: 'variant' },
  { title: 'Reason', field: 'reason' },
  { title: 'Layer', field: 'layer' },
  {
    title: 'Rule',
    render: e => (e.ruleIndex === undefined ? '' : `#${e.ruleIndex + 1}`),
  },
  {
    title: 'Error',
    render: e =>
      e.errorCode
        ? `${e.errorCode}${e.errorDetails ? `: ${e.errorDetails}` : ''}`
        : '',
  },
];

/**
 * Evaluated flags with why: value, variant, OFREP reason, the deciding
 * layer and rule, and the error of a flag that could not be evaluated.
 */
export const EvaluationTable = (props: {
  label: string;
  flags: FlagEvaluation[];
  loading?: boolean;
}) => (
  <DataTable<FlagEvaluation>
    label={props.label}
    columns={columns}
    data={props.flags}
    isLoading={props.loading}
    emptyTitle="No flags"
  />
);
