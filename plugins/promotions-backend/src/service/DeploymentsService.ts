import { randomUUID } from 'node:crypto';
import { Entity } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { Change, ColumnFilter } from '@controlplane/backend-common';
import type {
  Deployment,
  DeploymentPage,
  DriftState,
  PromotionEnvironment,
  PlatformDriftSummary,
  TenantDrift,
} from '@controlplane/plugin-promotions-common';
import { PromotionsConfig } from '../config';
import { driftOf, Place } from '../database/DeploymentsStore';
import { StoredDeployment } from '../database/rows';
import { PromotionsStores } from '../database/stores';
import { Announcer } from './Announcer';
import { deploymentEntityName, normalizeTarget, targetName } from './targets';

/**
 * The deployment state: what version runs where, as the approved
 * promotions left it and as the running agents and apps report it (drift),
 * and its catalog entities.
 */
export class DeploymentsService {
  constructor(
    private readonly options: {
      stores: PromotionsStores;
      config: PromotionsConfig;
      announcer: Announcer;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Reports older than this make a deployment silent. */
  silentBefore(): string {
    return new Date(
      this.now().getTime() - this.options.config.silentAfterMinutes * 60_000,
    ).toISOString();
  }

  withDrift(deployment: StoredDeployment): Deployment {
    const { owner, entityName, announcedDrift, ...rest } = deployment;
    return { ...rest, drift: driftOf(deployment, this.silentBefore()) };
  }

  /** Writes the configured deployments when the plugin has none. */
  async seedInitial(): Promise<number> {
    const { stores, config } = this.options;
    if (config.initialDeployments.length === 0) return 0;
    if ((await stores.deployments.count()) > 0) return 0;
    const at = this.now().toISOString();
    await stores.transaction(async trx => {
      for (const initial of config.initialDeployments) {
        const place = {
          target: normalizeTarget(initial.target),
          tenant: initial.tenant,
          environment: initial.environment,
        };
        await trx.deployments.apply(place, {
          id: randomUUID(),
          entityName: deploymentEntityName(place),
          version: initial.version,
          owner: initial.owner ?? null,
          requestId: null,
          at,
        });
      }
    });
    return config.initialDeployments.length;
  }

  async page(query: {
    target?: string;
    tenant?: string;
    environment?: PromotionEnvironment;
    drift?: DriftState[];
    limit: number;
    cursor?: string;
    filter?: PermissionCriteria<ColumnFilter>;
  }): Promise<DeploymentPage> {
    const page = await this.options.stores.deployments.page({
      ...query,
      target: query.target && normalizeTarget(query.target),
      silentBefore: this.silentBefore(),
    });
    return {
      items: page.rows.map(row => this.withDrift(row)),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  byId(id: string): Promise<StoredDeployment | undefined> {
    return this.options.stores.deployments.byId(id);
  }

  at(place: Place): Promise<StoredDeployment | undefined> {
    return this.options.stores.deployments.at(place);
  }

  /**
   * Records a version deployed into development, where new versions enter
   * (later environments are reached only by promotions); announced so the
   * catalog shows it at once.
   */
  async record(
    input: { target: string; tenant: string; version: string },
    by: string,
  ): Promise<Change<{ deployment: Deployment; created: boolean }>> {
    const place: Place = {
      target: normalizeTarget(input.target),
      tenant: input.tenant,
      environment: 'development',
    };
    const before = await this.options.stores.deployments.at(place);
    const deployment =
      before?.version === input.version
        ? before
        : await this.options.stores.transaction(trx =>
            trx.deployments.apply(place, {
              id: randomUUID(),
              entityName: deploymentEntityName(place),
              version: input.version,
              owner: before?.owner ?? null,
              requestId: null,
              at: this.now().toISOString(),
            }),
          );
    if (deployment !== before) {
      await this.options.announcer.event({
        type: 'deployment.recorded',
        deploymentId: deployment.id,
        entityRef: deployment.entityRef,
        ...place,
        version: deployment.version,
        actor: by,
      });
    }
    return {
      result: { deployment: this.withDrift(deployment), created: !before },
      audit: {
        target: place.target,
        tenant: place.tenant,
        environment: place.environment,
        before: { version: before?.version ?? null },
        after: { version: deployment.version },
      },
    };
  }

  /**
   * A running agent or app reports its version: recorded, and a new drift
   * (another version than the approved one) announced once.
   */
  async report(place: Place & { version: string }): Promise<Deployment> {
    const normalized = { ...place, target: normalizeTarget(place.target) };
    const { version, ...where } = normalized;
    const deployment = await this.options.stores.deployments.at(where);
    if (!deployment) {
      throw new NotFoundError(
        `${where.target} is not deployed in ${where.environment} for ${where.tenant}`,
      );
    }
    await this.options.stores.deployments.report(
      deployment.id,
      version,
      this.now().toISOString(),
    );
    const after = (await this.options.stores.deployments.byId(deployment.id))!;
    await this.announceDrift(after);
    return this.withDrift(after);
  }

  /** Announces drift not announced yet (scheduled; also catches silence). */
  async announcePendingDrift(): Promise<number> {
    const pending = await this.options.stores.deployments.unannouncedDrift(
      this.silentBefore(),
    );
    let announced = 0;
    for (const deployment of pending) {
      if (await this.announceDrift(deployment)) announced += 1;
    }
    return announced;
  }

  /**
   * Claims and announces the deployment's drift state, once per change of
   * state (the conditional update decides which instance announces);
   * back in sync clears the claim so the next drift is announced again.
   */
  private async announceDrift(deployment: StoredDeployment): Promise<boolean> {
    const drift = driftOf(deployment, this.silentBefore());
    if (drift === 'unknown') return false;
    const state = drift === 'in_sync' ? null : drift;
    if (state === (deployment.announcedDrift ?? null)) return false;
    // The claim and the record of the detection commit together: one
    // detection per drift, whichever instance claims it.
    const claimed = await this.options.stores.transaction(async tx => {
      const won = await tx.deployments.claimAnnouncement(deployment.id, state);
      if (won && state !== null) {
        await tx.deployments.recordDetection({
          deploymentId: deployment.id,
          tenant: deployment.tenant,
          environment: deployment.environment,
          drift: state,
          at: this.now().toISOString(),
        });
      }
      return won;
    });
    if (!claimed || state === null) return false;
    await this.options.announcer.event({
      type: 'deployment.drifted',
      deploymentId: deployment.id,
      entityRef: deployment.entityRef,
      target: deployment.target,
      tenant: deployment.tenant,
      environment: deployment.environment,
      version: deployment.version,
      drift: state,
      ...(deployment.reportedVersion
        ? { reportedVersion: deployment.reportedVersion }
        : {}),
    });
    return true;
  }

  async driftSummary(
    filter?: PermissionCriteria<ColumnFilter>,
  ): Promise<TenantDrift[]> {
    return this.options.stores.deployments.driftPerTenant(
      this.silentBefore(),
      filter,
    );
  }

  /**
   * Per tenant, for the platform dashboard: the current drift and the drift
   * detected over the last 7 days and 24 hours (two grouped queries).
   */
  async platformSummary(): Promise<PlatformDriftSummary> {
    const now = this.now();
    const ago = (hours: number) =>
      new Date(now.getTime() - hours * 3_600_000).toISOString();
    const { deployments } = this.options.stores;
    const [current, detections] = await Promise.all([
      deployments.driftPerTenant(this.silentBefore()),
      deployments.detectionsPerTenant(ago(7 * 24), ago(24)),
    ]);
    const detected = new Map(detections.map(row => [row.tenant, row]));
    return {
      generatedAt: now.toISOString(),
      tenants: current.map(row => {
        const seen = detected.get(row.tenant);
        return {
          ...row,
          detections24h: seen?.recentDetections ?? 0,
          detections7d: seen?.detections ?? 0,
          environments7d: seen?.environments ?? 0,
          lastDetectedAt: seen?.lastDetectedAt ?? null,
        };
      }),
    };
  }

  /** The place to roll back and its previous version (409 without one). */
  async rollbackTarget(
    id: string,
  ): Promise<StoredDeployment & { previousVersion: string }> {
    const deployment = await this.options.stores.deployments.byId(id);
    if (!deployment) throw new NotFoundError(`No deployment ${id}`);
    if (!deployment.previousVersion) {
      throw new ConflictError(
        `${deployment.entityRef} has no previous version to roll back to`,
      );
    }
    return { ...deployment, previousVersion: deployment.previousVersion };
  }

  /** Every deployment as a catalog Deployment entity. */
  async entities(): Promise<Entity[]> {
    const deployments = await this.options.stores.deployments.all();
    const silentBefore = this.silentBefore();
    return deployments.map(deployment => {
      const drift = driftOf(deployment, silentBefore);
      return {
        apiVersion: 'controlplane.io/v1alpha1',
        kind: 'Deployment',
        metadata: {
          name: deployment.entityName,
          description: `${targetName(deployment.target)} for ${
            deployment.tenant
          } in ${deployment.environment}`,
          tags: [deployment.environment],
          annotations: {
            'controlplane.io/drift': drift,
            ...(deployment.reportedVersion
              ? {
                  'controlplane.io/reported-version':
                    deployment.reportedVersion,
                }
              : {}),
            ...(deployment.appliedRequestId
              ? {
                  'controlplane.io/promotion-request':
                    deployment.appliedRequestId,
                }
              : {}),
          },
        },
        spec: {
          target: deployment.target,
          environment: deployment.environment,
          version: deployment.version,
          tenant: `tenant:default/${deployment.tenant}`,
          ...(deployment.owner ? { owner: deployment.owner } : {}),
        },
      };
    });
  }
}
