import {
  CompoundEntityRef,
  Entity,
  entityKindSchemaValidator,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  DEPLOYABLE_KINDS,
  isAgentEntity,
  isAppEntity,
  isDeploymentEntity,
  isTenantEntity,
  RELATION_DEPLOYMENT_OF,
  RELATION_HAS_DEPLOYMENT,
  RELATION_SERVED_BY,
  RELATION_SERVES_TENANT,
  TENANT_KIND,
} from '@controlplane/plugin-catalog-controlplane-common';
import {
  agentSchema,
  appSchema,
  deploymentSchema,
  tenantSchema,
} from './schemas';

const schemaValidators = [
  agentSchema,
  appSchema,
  deploymentSchema,
  tenantSchema,
].map(schema => entityKindSchemaValidator(schema));

const sameKind = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

function refTo(
  entity: Entity,
  ref: string,
  field: string,
  defaultKind: string | undefined,
  allowedKinds: readonly string[],
): CompoundEntityRef {
  let parsed: CompoundEntityRef;
  try {
    parsed = parseEntityRef(ref, {
      defaultKind,
      defaultNamespace: entity.metadata.namespace,
    });
  } catch (error) {
    throw new TypeError(
      `${field} "${ref}" is not an entity reference: ${error}`,
    );
  }
  if (!allowedKinds.some(kind => sameKind(kind, parsed.kind))) {
    throw new TypeError(
      `${field} "${ref}" must refer to one of: ${allowedKinds.join(', ')}`,
    );
  }
  return parsed;
}

const ownerRef = (entity: Entity, owner: string) =>
  refTo(entity, owner, 'spec.owner', 'Group', ['Group', 'User']);

/**
 * Validates the control-plane kinds and emits their relations, both
 * directions of each pair, the way the catalog's built-in kinds do.
 */
export class ControlPlaneEntitiesProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'ControlPlaneEntitiesProcessor';
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    for (const validate of schemaValidators) {
      if (validate(entity)) {
        // Schema is fine; references must also point at the right kinds.
        this.relationsOf(entity);
        return true;
      }
    }
    return false;
  }

  async postProcessEntity(
    entity: Entity,
    _location: unknown,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const self = getCompoundEntityRef(entity);
    for (const { type, inverse, target } of this.relationsOf(entity)) {
      emit(processingResult.relation({ source: self, type, target }));
      emit(
        processingResult.relation({
          source: target,
          type: inverse,
          target: self,
        }),
      );
    }
    return entity;
  }

  private relationsOf(
    entity: Entity,
  ): { type: string; inverse: string; target: CompoundEntityRef }[] {
    const owned = (owner: string | undefined) =>
      owner
        ? [
            {
              type: RELATION_OWNED_BY,
              inverse: RELATION_OWNER_OF,
              target: ownerRef(entity, owner),
            },
          ]
        : [];
    const partOf = (system: string | undefined) =>
      system
        ? [
            {
              type: RELATION_PART_OF,
              inverse: RELATION_HAS_PART,
              target: refTo(entity, system, 'spec.system', 'System', [
                'System',
              ]),
            },
          ]
        : [];

    if (isAgentEntity(entity) || isAppEntity(entity)) {
      return [...owned(entity.spec.owner), ...partOf(entity.spec.system)];
    }
    if (isDeploymentEntity(entity)) {
      return [
        {
          type: RELATION_DEPLOYMENT_OF,
          inverse: RELATION_HAS_DEPLOYMENT,
          target: refTo(
            entity,
            entity.spec.target,
            'spec.target',
            undefined,
            DEPLOYABLE_KINDS,
          ),
        },
        {
          type: RELATION_SERVES_TENANT,
          inverse: RELATION_SERVED_BY,
          target: refTo(
            entity,
            entity.spec.tenant,
            'spec.tenant',
            TENANT_KIND,
            [TENANT_KIND],
          ),
        },
        ...owned(entity.spec.owner),
      ];
    }
    if (isTenantEntity(entity)) {
      return owned(entity.spec.owner);
    }
    return [];
  }
}
