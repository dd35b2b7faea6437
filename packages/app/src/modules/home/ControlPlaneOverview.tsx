import useAsync from 'react-use/esm/useAsync';
import {
  Progress,
  ResponseErrorPanel,
  Table,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  AGENT_KIND,
  APP_KIND,
  DEPLOYMENT_KIND,
  ENVIRONMENTS,
  TENANT_KIND,
} from '@controlplane/plugin-catalog-controlplane-common';
import { Link } from '@backstage/core-components';

type Row = { label: string; count: number; to: string };

const catalogLink = (kind: string, extra = '') =>
  `/catalog?filters[kind]=${kind.toLocaleLowerCase('en-US')}${extra}`;

/** Counts of the control-plane entities, straight from catalog facets. */
export const ControlPlaneOverview = () => {
  const catalogApi = useApi(catalogApiRef);
  const { value, loading, error } = useAsync(async () => {
    const [kinds, environments] = await Promise.all([
      catalogApi.getEntityFacets({ facets: ['kind'] }),
      catalogApi.getEntityFacets({
        facets: ['spec.environment'],
        filter: { kind: DEPLOYMENT_KIND },
      }),
    ]);
    const countOf = (facet: { value: string; count: number }[], v: string) =>
      facet.find(
        f =>
          f.value.toLocaleLowerCase('en-US') === v.toLocaleLowerCase('en-US'),
      )?.count ?? 0;
    const rows: Row[] = [TENANT_KIND, AGENT_KIND, APP_KIND].map(kind => ({
      label: `${kind}s`,
      count: countOf(kinds.facets.kind, kind),
      to: catalogLink(kind),
    }));
    for (const env of ENVIRONMENTS) {
      rows.push({
        label: `Deployments in ${env}`,
        count: countOf(environments.facets['spec.environment'], env),
        to: catalogLink(DEPLOYMENT_KIND, `&filters[environment]=${env}`),
      });
    }
    return rows;
  }, [catalogApi]);

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <Table<Row>
      options={{
        paging: false,
        search: false,
        toolbar: false,
        padding: 'dense',
      }}
      data={value ?? []}
      columns={[
        {
          title: 'What',
          field: 'label',
          render: row => <Link to={row.to}>{row.label}</Link>,
        },
        { title: 'Count', field: 'count', type: 'numeric' },
      ]}
    />
  );
};
