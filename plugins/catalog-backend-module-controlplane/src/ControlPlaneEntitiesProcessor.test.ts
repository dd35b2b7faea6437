import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CatalogProcessorResult,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { ControlPlaneEntitiesProcessor } from './ControlPlaneEntitiesProcessor';

const API_VERSION = 'controlplane.io/v1alpha1';
const location: LocationSpec = {
  type: 'file',
  target: '/tmp/controlplane.yaml',
};

const agent = (spec: Record<string, unknown> = {}, namespace?: string) => ({
  apiVersion: API_VERSION,
  kind: 'Agent',
  metadata: { name: 'support-triage', ...(namespace && { namespace }) },
  spec: {
    type: 'conversational',
    owner: 'group:team-agents',
    lifecycle: 'production',
    system: 'controlplane',
    model: 'gpt-4o',
    ...spec,
  },
});

const app = (spec: Record<string, unknown> = {}, namespace?: string) => ({
  apiVersion: API_VERSION,
  kind: 'App',
  metadata: { name: 'billing-sync', ...(namespace && { namespace }) },
  spec: {
    type: 'worker',
    owner: 'group:team-apps',
    lifecycle: 'production',
    system: 'controlplane',
    ...spec,
  },
});

const deployment = (
  spec: Record<string, unknown> = {},
  namespace?: string,
) => ({
  apiVersion: API_VERSION,
  kind: 'Deployment',
  metadata: {
    name: 'support-triage-acme-prod',
    ...(namespace && { namespace }),
  },
  spec: {
    target: 'agent:support-triage',
    environment: 'production',
    version: '1.4.1',
    tenant: 'tenant:acme',
    owner: 'group:operators',
    ...spec,
  },
});

const tenant = (spec: Record<string, unknown> = {}, namespace?: string) => ({
  apiVersion: API_VERSION,
  kind: 'Tenant',
  metadata: { name: 'acme', ...(namespace && { namespace }) },
  spec: {
    plan: 'enterprise',
    status: 'active',
    domain: 'acme.example',
    owner: 'group:acme-owners',
    ...spec,
  },
});

/** Drops spec fields, to test required ones. */
function without<T extends { spec: Record<string, unknown> }>(
  entity: T,
  ...fields: string[]
): T {
  const spec = { ...entity.spec };
  for (const field of fields) {
    delete spec[field];
  }
  return { ...entity, spec };
}

/** Runs postProcessEntity and returns the emitted relations as readable strings. */
async function emittedRelations(entity: Entity): Promise<string[]> {
  const processor = new ControlPlaneEntitiesProcessor();
  const emitted: CatalogProcessorResult[] = [];
  const result = await processor.postProcessEntity(entity, location, r =>
    emitted.push(r),
  );
  expect(result).toBe(entity);
  return emitted.map(r => {
    if (r.type !== 'relation') {
      throw new Error(`Expected only relations, got ${JSON.stringify(r)}`);
    }
    const { source, type, target } = r.relation;
    return `${stringifyEntityRef(source)} ${type} ${stringifyEntityRef(
      target,
    )}`;
  });
}

describe('ControlPlaneEntitiesProcessor', () => {
  const processor = new ControlPlaneEntitiesProcessor();
  const validate = (entity: unknown) =>
    processor.validateEntityKind(entity as Entity);

  it('has a name', () => {
    expect(processor.getProcessorName()).toBe('ControlPlaneEntitiesProcessor');
  });

  describe('validateEntityKind', () => {
    it.each([
      ['Agent', agent()],
      ['Agent without optional fields', without(agent(), 'system', 'model')],
      ['App', app()],
      ['Deployment', deployment()],
      ['Deployment of an app', deployment({ target: 'app:billing-sync' })],
      ['Deployment without owner', without(deployment(), 'owner')],
      [
        'Deployment with an explicit namespace in its refs',
        deployment({
          target: 'agent:other/support-triage',
          tenant: 'tenant:other/acme',
        }),
      ],
      [
        'Deployment with tenant given by name only',
        deployment({ tenant: 'acme' }),
      ],
      ['Tenant', tenant()],
      ['Tenant without domain', without(tenant(), 'domain')],
      ['Tenant owned by a user', tenant({ owner: 'user:ada' })],
      ['suspended Tenant', tenant({ status: 'suspended' })],
    ])('accepts a valid %s', async (_name, entity) => {
      await expect(validate(entity)).resolves.toBe(true);
    });

    it.each([['development'], ['staging'], ['production']])(
      'accepts a deployment to %s',
      async environment => {
        await expect(validate(deployment({ environment }))).resolves.toBe(true);
      },
    );

    it.each([
      [
        'a backstage Component',
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'foo' },
          spec: { type: 'service', owner: 'group:a', lifecycle: 'production' },
        },
      ],
      [
        'a backstage Group',
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: { name: 'operators' },
          spec: { type: 'team', children: [] },
        },
      ],
      [
        'an Agent of another apiVersion',
        { ...agent(), apiVersion: 'backstage.io/v1alpha1' },
      ],
      [
        'a Deployment of a future apiVersion',
        { ...deployment(), apiVersion: 'controlplane.io/v1beta1' },
      ],
    ])('returns false for %s', async (_name, entity) => {
      await expect(validate(entity)).resolves.toBe(false);
    });

    it.each([
      [
        'a deployment without version',
        without(deployment(), 'version'),
        /spec.*required property 'version'/,
      ],
      [
        'a deployment without target',
        without(deployment(), 'target'),
        /spec.*required property 'target'/,
      ],
      [
        'a deployment without tenant',
        without(deployment(), 'tenant'),
        /spec.*required property 'tenant'/,
      ],
      [
        'a deployment to an unknown environment',
        deployment({ environment: 'qa' }),
        /\/spec\/environment must be equal to one of the allowed values.*development,staging,production/,
      ],
      [
        'a deployment with a malformed version',
        deployment({ version: '1.0 beta' }),
        /\/spec\/version must match pattern/,
      ],
      [
        'a deployment whose target is a component',
        deployment({ target: 'component:foo' }),
        /spec\.target "component:foo" must refer to one of: Agent, App/,
      ],
      [
        'a deployment whose target has no kind',
        deployment({ target: 'support-triage' }),
        /spec\.target "support-triage" is not an entity reference/,
      ],
      [
        'a deployment whose tenant is a group',
        deployment({ tenant: 'group:acme-owners' }),
        /spec\.tenant "group:acme-owners" must refer to one of: Tenant/,
      ],
      [
        'a deployment owned by a component',
        deployment({ owner: 'component:foo' }),
        /spec\.owner "component:foo" must refer to one of: Group, User/,
      ],
      [
        'a deployment with an unknown spec field',
        deployment({ replicas: 3 }),
        /\/spec must NOT have additional properties.*additionalProperty: replicas/,
      ],
      [
        'an agent with an unknown spec field',
        agent({ temperature: 0.2 }),
        /\/spec must NOT have additional properties.*additionalProperty: temperature/,
      ],
      [
        'an agent without owner',
        without(agent(), 'owner'),
        /spec.*required property 'owner'/,
      ],
      [
        'an agent with an empty owner',
        agent({ owner: '' }),
        /\/spec\/owner must NOT have fewer than 1 characters/,
      ],
      [
        'an agent part of a non-System',
        agent({ system: 'component:foo' }),
        /spec\.system "component:foo" must refer to one of: System/,
      ],
      [
        'an app without lifecycle',
        without(app(), 'lifecycle'),
        /spec.*required property 'lifecycle'/,
      ],
      [
        'an app with a model (agents only)',
        app({ model: 'gpt-4o' }),
        /\/spec must NOT have additional properties.*additionalProperty: model/,
      ],
      [
        'a tenant with an invalid status',
        tenant({ status: 'deleted' }),
        /\/spec\/status must be equal to one of the allowed values.*active,suspended/,
      ],
      [
        'a tenant with an invalid domain',
        tenant({ domain: 'not a domain' }),
        /\/spec\/domain must match pattern/,
      ],
      [
        'a tenant with an upper-case domain',
        tenant({ domain: 'Acme.Example' }),
        /\/spec\/domain must match pattern/,
      ],
      [
        'a tenant without owner',
        without(tenant(), 'owner'),
        /spec.*required property 'owner'/,
      ],
      [
        'a tenant owned by a tenant',
        tenant({ owner: 'tenant:globex' }),
        /spec\.owner "tenant:globex" must refer to one of: Group, User/,
      ],
      [
        'a deployment without spec',
        { ...deployment(), spec: undefined },
        /required property 'spec'/,
      ],
    ])('rejects %s with a clear message', async (_name, entity, message) => {
      await expect(validate(entity)).rejects.toThrow(message);
    });
  });

  describe('postProcessEntity', () => {
    it('relates a deployment to its target, tenant and owner, both ways', async () => {
      const relations = await emittedRelations(deployment() as Entity);
      expect(relations).toEqual([
        'deployment:default/support-triage-acme-prod deploymentOf agent:default/support-triage',
        'agent:default/support-triage hasDeployment deployment:default/support-triage-acme-prod',
        'deployment:default/support-triage-acme-prod servesTenant tenant:default/acme',
        'tenant:default/acme servedBy deployment:default/support-triage-acme-prod',
        'deployment:default/support-triage-acme-prod ownedBy group:default/operators',
        'group:default/operators ownerOf deployment:default/support-triage-acme-prod',
      ]);
    });

    it('emits no ownership for a deployment without owner', async () => {
      const relations = await emittedRelations(
        without(deployment({ target: 'app:billing-sync' }), 'owner') as Entity,
      );
      expect(relations).toEqual([
        'deployment:default/support-triage-acme-prod deploymentOf app:default/billing-sync',
        'app:default/billing-sync hasDeployment deployment:default/support-triage-acme-prod',
        'deployment:default/support-triage-acme-prod servesTenant tenant:default/acme',
        'tenant:default/acme servedBy deployment:default/support-triage-acme-prod',
      ]);
    });

    it('resolves refs without namespace in the namespace of the entity', async () => {
      const relations = await emittedRelations(
        deployment({ tenant: 'acme', owner: 'operators' }, 'team-x') as Entity,
      );
      expect(relations).toEqual([
        'deployment:team-x/support-triage-acme-prod deploymentOf agent:team-x/support-triage',
        'agent:team-x/support-triage hasDeployment deployment:team-x/support-triage-acme-prod',
        'deployment:team-x/support-triage-acme-prod servesTenant tenant:team-x/acme',
        'tenant:team-x/acme servedBy deployment:team-x/support-triage-acme-prod',
        'deployment:team-x/support-triage-acme-prod ownedBy group:team-x/operators',
        'group:team-x/operators ownerOf deployment:team-x/support-triage-acme-prod',
      ]);
    });

    it('keeps an explicit namespace of a ref', async () => {
      const relations = await emittedRelations(
        deployment(
          {
            target: 'agent:shared/support-triage',
            tenant: 'tenant:customers/acme',
            owner: 'user:default/ada',
          },
          'team-x',
        ) as Entity,
      );
      expect(relations).toEqual([
        'deployment:team-x/support-triage-acme-prod deploymentOf agent:shared/support-triage',
        'agent:shared/support-triage hasDeployment deployment:team-x/support-triage-acme-prod',
        'deployment:team-x/support-triage-acme-prod servesTenant tenant:customers/acme',
        'tenant:customers/acme servedBy deployment:team-x/support-triage-acme-prod',
        'deployment:team-x/support-triage-acme-prod ownedBy user:default/ada',
        'user:default/ada ownerOf deployment:team-x/support-triage-acme-prod',
      ]);
    });

    it('relates an agent to its owner and system, both ways', async () => {
      expect(await emittedRelations(agent() as Entity)).toEqual([
        'agent:default/support-triage ownedBy group:default/team-agents',
        'group:default/team-agents ownerOf agent:default/support-triage',
        'agent:default/support-triage partOf system:default/controlplane',
        'system:default/controlplane hasPart agent:default/support-triage',
      ]);
    });

    it('relates an app in a namespace to its owner and system in that namespace', async () => {
      expect(
        await emittedRelations(
          app(
            { owner: 'team-apps', system: 'controlplane' },
            'team-x',
          ) as Entity,
        ),
      ).toEqual([
        'app:team-x/billing-sync ownedBy group:team-x/team-apps',
        'group:team-x/team-apps ownerOf app:team-x/billing-sync',
        'app:team-x/billing-sync partOf system:team-x/controlplane',
        'system:team-x/controlplane hasPart app:team-x/billing-sync',
      ]);
    });

    it('emits no partOf for an agent without system', async () => {
      expect(
        await emittedRelations(without(agent(), 'system') as Entity),
      ).toEqual([
        'agent:default/support-triage ownedBy group:default/team-agents',
        'group:default/team-agents ownerOf agent:default/support-triage',
      ]);
    });

    it('relates a tenant to its owner, both ways', async () => {
      expect(await emittedRelations(tenant() as Entity)).toEqual([
        'tenant:default/acme ownedBy group:default/acme-owners',
        'group:default/acme-owners ownerOf tenant:default/acme',
      ]);
    });

    it('emits nothing for other kinds', async () => {
      expect(
        await emittedRelations({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'foo' },
          spec: { type: 'service', owner: 'group:a', lifecycle: 'production' },
        }),
      ).toEqual([]);
    });
  });
});
