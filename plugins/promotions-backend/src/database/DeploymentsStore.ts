import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  applyPermissionFilter,
  ColumnFilter,
  decodeCursor,
  KnexStore,
  RowPage,
  toPage,
} from '@controlplane/backend-common';
import type {
  DriftState,
  PromotionEnvironment,
} from '@controlplane/plugin-promotions-common';
import { Knex } from 'knex';
import { DeploymentRow, StoredDeployment, toDeployment } from './rows';

/** Where one deployment runs: agent or app, tenant, environment. */
export interface Place {
  target: string;
  tenant: string;
  environment: PromotionEnvironment;
}

const TABLE = 'promotion_deployments';

/** All SQL of `promotion_deployments`: what runs where, and its reports. */
export class DeploymentsStore extends KnexStore {
  async at(place: Place): Promise<StoredDeployment | undefined> {
    const row = await this.db<DeploymentRow>(TABLE).where(place).first();
    return row && toDeployment(row);
  }

  async byId(id: string): Promise<StoredDeployment | undefined> {
    const row = await this.db<DeploymentRow>(TABLE).where({ id }).first();
    return row && toDeployment(row);
  }

  async count(): Promise<number> {
    const [{ n }] = await this.db(TABLE).count({ n: '*' });
    return Number(n);
  }

  /**
   * Deployments by target, tenant and environment from the cursor on,
   * within the caller's filter. `drift` filters need the drift rule, so
   * they are applied as SQL on the reported columns.
   */
  async page(query: {
    target?: string;
    tenant?: string;
    environment?: PromotionEnvironment;
    drift?: DriftState[];
    silentBefore: string;
    limit: number;
    cursor?: string;
    filter?: PermissionCriteria<ColumnFilter>;
  }): Promise<RowPage<StoredDeployment>> {
    const after = decodeCursor(query.cursor, ['t', 'n', 'e']);
    const builder = this.db<DeploymentRow>(TABLE);
    if (query.target) builder.where('target', query.target);
    if (query.tenant) builder.where('tenant', query.tenant);
    if (query.environment) builder.where('environment', query.environment);
    if (query.drift) {
      const wanted = query.drift;
      builder.where(inner => {
        for (const state of wanted) {
          inner.orWhere(driftCondition(state, query.silentBefore));
        }
      });
    }
    if (query.filter) applyPermissionFilter(builder, query.filter);
    if (after) {
      builder.whereRaw('(target, tenant, environment) > (?, ?, ?)', [
        after.t,
        after.n,
        after.e,
      ]);
    }
    const rows = await builder
      .orderBy([
        { column: 'target' },
        { column: 'tenant' },
        { column: 'environment' },
      ])
      .limit(query.limit + 1);
    return toPage(rows.map(toDeployment), query.limit, row => ({
      t: row.target,
      n: row.tenant,
      e: row.environment,
    }));
  }

  /** Every deployment (the catalog's entity provider reads them all). */
  async all(): Promise<StoredDeployment[]> {
    const rows = await this.db<DeploymentRow>(TABLE).orderBy('entity_name');
    return rows.map(toDeployment);
  }

  /** Moves a place to a version (creating the deployment if new). */
  async apply(
    place: Place,
    change: {
      id: string;
      entityName: string;
      version: string;
      owner: string | null;
      requestId: string | null;
      at: string;
    },
  ): Promise<StoredDeployment> {
    const existing = await this.forUpdate(
      this.db<DeploymentRow>(TABLE).where(place),
    ).first();
    if (existing) {
      await this.db<DeploymentRow>(TABLE).where({ id: existing.id }).update({
        previous_version: existing.version,
        version: change.version,
        applied_request_id: change.requestId,
        applied_at: change.at,
        announced_drift: null,
        updated_at: change.at,
      });
    } else {
      await this.db<DeploymentRow>(TABLE).insert({
        id: change.id,
        ...place,
        entity_name: change.entityName,
        version: change.version,
        previous_version: null,
        owner: change.owner,
        applied_request_id: change.requestId,
        applied_at: change.requestId ? change.at : null,
        reported_version: null,
        reported_at: null,
        announced_drift: null,
        updated_at: change.at,
      });
    }
    return (await this.at(place))!;
  }

  /** Records what a running deployment reports. */
  async report(id: string, version: string, at: string): Promise<void> {
    await this.db<DeploymentRow>(TABLE)
      .where({ id })
      .update({ reported_version: version, reported_at: at });
  }

  /**
   * Marks a drift state as announced, unless it was already: true for the
   * one caller (on whichever instance) that should announce it.
   */
  async claimAnnouncement(
    id: string,
    drift: 'drifted' | 'silent' | null,
  ): Promise<boolean> {
    const builder = this.db<DeploymentRow>(TABLE).where({ id });
    if (drift === null) builder.whereNotNull('announced_drift');
    else {
      builder.where(inner =>
        inner.whereNull('announced_drift').orWhereNot('announced_drift', drift),
      );
    }
    return (await builder.update({ announced_drift: drift })) > 0;
  }

  /** Records a drift detected (the announcement's claim decided it). */
  async recordDetection(detection: {
    deploymentId: string;
    tenant: string;
    environment: string;
    drift: 'drifted' | 'silent';
    at: string;
  }): Promise<void> {
    await this.db('promotion_drift_detections').insert({
      deployment_id: detection.deploymentId,
      tenant: detection.tenant,
      environment: detection.environment,
      drift: detection.drift,
      detected_at: detection.at,
    });
  }

  /**
   * Drift detections per tenant since `since` (7 days for the dashboard),
   * with those since `recentSince` (24 hours) and the environments: one
   * grouped query.
   */
  async detectionsPerTenant(
    since: string,
    recentSince: string,
  ): Promise<
    Array<{
      tenant: string;
      detections: number;
      recentDetections: number;
      environments: number;
      lastDetectedAt: string;
    }>
  > {
    const rows: Array<Record<string, string | number>> = await this.db(
      'promotion_drift_detections',
    )
      .where('detected_at', '>=', since)
      .select('tenant')
      .count({ detections: '*' })
      .countDistinct({ environments: 'environment' })
      .max({ last_detected_at: 'detected_at' })
      .select(
        this.db.raw(
          'SUM(CASE WHEN detected_at >= ? THEN 1 ELSE 0 END) AS recent',
          [recentSince],
        ),
      )
      .groupBy('tenant');
    return rows.map(row => ({
      tenant: String(row.tenant),
      detections: Number(row.detections),
      recentDetections: Number(row.recent ?? 0),
      environments: Number(row.environments),
      lastDetectedAt: String(row.last_detected_at),
    }));
  }

  /** Deployments drifted or silent whose state was not announced yet. */
  async unannouncedDrift(silentBefore: string): Promise<StoredDeployment[]> {
    const rows = await this.db<DeploymentRow>(TABLE)
      .where(inner =>
        inner
          .where(driftCondition('drifted', silentBefore))
          .orWhere(driftCondition('silent', silentBefore)),
      )
      .where(inner =>
        inner
          .whereNull('announced_drift')
          .orWhereRaw(
            `announced_drift <> (CASE WHEN reported_version <> version AND reported_at >= ? THEN 'drifted' ELSE 'silent' END)`,
            [silentBefore],
          ),
      );
    return rows.map(toDeployment);
  }

  /** Deployments and drift counts per tenant, within the caller's filter. */
  async driftPerTenant(
    silentBefore: string,
    filter?: PermissionCriteria<ColumnFilter>,
  ): Promise<
    Array<{
      tenant: string;
      deployments: number;
      drifted: number;
      silent: number;
    }>
  > {
    const builder = this.db(TABLE)
      .select('tenant')
      .count({ deployments: '*' })
      .select(
        this.db.raw(
          `SUM(CASE WHEN reported_version IS NOT NULL AND reported_version <> version AND reported_at >= ? THEN 1 ELSE 0 END) AS drifted`,
          [silentBefore],
        ),
        this.db.raw(
          `SUM(CASE WHEN reported_at IS NOT NULL AND reported_at < ? THEN 1 ELSE 0 END) AS silent`,
          [silentBefore],
        ),
      )
      .groupBy('tenant');
    if (filter) applyPermissionFilter(builder, filter);
    const rows: Array<Record<string, string | number>> = await builder;
    return rows
      .map(row => ({
        tenant: String(row.tenant),
        deployments: Number(row.deployments),
        drifted: Number(row.drifted ?? 0),
        silent: Number(row.silent ?? 0),
      }))
      .sort(
        (a, b) =>
          b.drifted + b.silent - (a.drifted + a.silent) ||
          a.tenant.localeCompare(b.tenant),
      );
  }
}

/**
 * The SQL of one drift state (see `driftOf`): silent wins over drifted, an
 * unreported deployment is unknown.
 */
function driftCondition(state: DriftState, silentBefore: string) {
  return (builder: Knex.QueryBuilder) => {
    switch (state) {
      case 'unknown':
        return builder.whereNull('reported_at');
      case 'silent':
        return builder.where('reported_at', '<', silentBefore);
      case 'drifted':
        return builder
          .where('reported_at', '>=', silentBefore)
          .whereRaw('reported_version <> version');
      default:
        return builder
          .where('reported_at', '>=', silentBefore)
          .whereRaw('reported_version = version');
    }
  };
}

/** A deployment's drift state at a time (the same rule as the SQL above). */
export function driftOf(
  deployment: Pick<
    StoredDeployment,
    'version' | 'reportedVersion' | 'reportedAt'
  >,
  silentBefore: string,
): DriftState {
  if (!deployment.reportedAt) return 'unknown';
  if (deployment.reportedAt < silentBefore) return 'silent';
  return deployment.reportedVersion === deployment.version
    ? 'in_sync'
    : 'drifted';
}
