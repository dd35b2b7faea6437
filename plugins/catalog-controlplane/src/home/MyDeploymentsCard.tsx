import { Fragment } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Box } from '@material-ui/core';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Link, Progress } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  catalogApiRef,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import { BackendErrorPanel, HomeCardList } from '@controlplane/frontend-common';
import {
  AGENT_KIND,
  APP_KIND,
  DEPLOYABLE_KINDS,
  DEPLOYMENT_KIND,
  DeploymentEntity,
  ENVIRONMENTS,
  RELATION_DEPLOYMENT_OF,
} from '@controlplane/plugin-catalog-controlplane-common';
import { deploymentRefs } from '../components/deploymentRefs';

/** Agents and apps the card lists at most. */
export const SHOWN = 6;

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** The catalog list of the user's own entities of one kind. */
const ownedListLink = (kind: string) =>
  `/catalog?filters[kind]=${lower(kind)}&filters[user]=owned`;

/** An owned agent or app and its deployments. */
interface Target {
  entity: Entity;
  deployments: DeploymentEntity[];
}

/**
 * Its deployments per environment, in promotion order: each tenant and
 * version linked to the deployment's page (inline only: this is the
 * secondary text of a list item).
 */
const PerEnvironment = (props: {
  deployments: DeploymentEntity[];
  entityLink: (entity: Entity) => string;
}) => {
  const environments = ENVIRONMENTS.flatMap(environment => {
    const here = props.deployments.filter(
      d => d.spec.environment === environment,
    );
    return here.length > 0 ? [{ environment, here }] : [];
  });
  if (environments.length === 0) return <>not deployed</>;
  return (
    <>
      {environments.map(({ environment, here }, i) => (
        <Fragment key={environment}>
          {i > 0 && ' · '}
          {environment}:{' '}
          {here.map((deployment, j) => (
            <Fragment key={deployment.metadata.name}>
              {j > 0 && ', '}
              <Link to={props.entityLink(deployment)}>
                {deploymentRefs(deployment).tenant.name}{' '}
                {deployment.spec.version}
              </Link>
            </Fragment>
          ))}
        </Fragment>
      ))}
    </>
  );
};

/**
 * "My deployments" on the developer's home page: the agents and apps the
 * user or one of their groups owns (catalog ownership), each with its
 * deployments per environment, all linked to their catalog pages. Two
 * catalog queries, whatever the number of agents and apps.
 */
export const MyDeploymentsCard = () => {
  const catalogApi = useApi(catalogApiRef);
  const identityApi = useApi(identityApiRef);
  const entityLink = useEntityRefLink();
  const { value, loading, error } = useAsync(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    if (ownershipEntityRefs.length === 0) return { targets: [], total: 0 };
    const owned = await catalogApi.queryEntities({
      filter: DEPLOYABLE_KINDS.map(kind => ({
        kind,
        'relations.ownedBy': ownershipEntityRefs,
      })),
      // Agents, then apps, each by name.
      orderFields: [
        { field: 'kind', order: 'asc' },
        { field: 'metadata.name', order: 'asc' },
      ],
      limit: SHOWN,
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
    });
    if (owned.items.length === 0) return { targets: [], total: 0 };
    const deployments = await catalogApi.getEntities({
      filter: {
        kind: DEPLOYMENT_KIND,
        [`relations.${RELATION_DEPLOYMENT_OF}`]: owned.items.map(entity =>
          lower(stringifyEntityRef(entity)),
        ),
      },
      fields: [
        'apiVersion',
        'kind',
        'metadata.name',
        'metadata.namespace',
        'spec.target',
        'spec.environment',
        'spec.version',
        'spec.tenant',
      ],
      order: { field: 'metadata.name', order: 'asc' },
    });
    const byTarget = new Map<string, DeploymentEntity[]>();
    for (const deployment of deployments.items as DeploymentEntity[]) {
      const target = lower(
        stringifyEntityRef(deploymentRefs(deployment).target),
      );
      byTarget.set(target, [...(byTarget.get(target) ?? []), deployment]);
    }
    const targets: Target[] = owned.items.map(entity => ({
      entity,
      deployments: byTarget.get(lower(stringifyEntityRef(entity))) ?? [],
    }));
    return { targets, total: owned.totalItems };
  }, [catalogApi, identityApi]);

  if (loading) return <Progress />;
  if (error) return <BackendErrorPanel error={error} />;
  const targets = value?.targets ?? [];
  return (
    <Box>
      <HomeCardList
        emptyText="You and your groups own no agents or apps."
        items={targets.map(({ entity, deployments }) => ({
          key: stringifyEntityRef(entity),
          primary: entity.metadata.title ?? entity.metadata.name,
          href: entityLink(entity),
          secondary: (
            <>
              {entity.kind} ·{' '}
              <PerEnvironment
                deployments={deployments}
                entityLink={entityLink}
              />
            </>
          ),
        }))}
      />
      <Box mt={1} display="flex" flexWrap="wrap">
        {value && value.total > targets.length && (
          <Box mr={2}>
            {targets.length} of {value.total} shown.
          </Box>
        )}
        <Box mr={2}>
          <Link to={ownedListLink(AGENT_KIND)}>My agents</Link>
        </Box>
        <Link to={ownedListLink(APP_KIND)}>My apps</Link>
      </Box>
    </Box>
  );
};
