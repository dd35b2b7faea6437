import { DbTime, toIso, toIsoOrNull } from '@controlplane/backend-common';
import type {
  Decision,
  Deployment,
  Freeze,
  Policy,
  PromotionEnvironment,
  PromotionRequest,
  Rule,
} from '@controlplane/plugin-promotions-common';

/** A row of `promotion_deployments`. */
export interface DeploymentRow {
  id: string;
  target: string;
  tenant: string;
  environment: PromotionEnvironment;
  entity_name: string;
  version: string;
  previous_version: string | null;
  owner: string | null;
  applied_request_id: string | null;
  applied_at: DbTime | null;
  reported_version: string | null;
  reported_at: DbTime | null;
  announced_drift: string | null;
  updated_at: DbTime;
}

/** A deployment with what drift needs. */
export type StoredDeployment = Omit<Deployment, 'drift'> & {
  owner: string | null;
  entityName: string;
  announcedDrift: string | null;
};

export function toDeployment(row: DeploymentRow): StoredDeployment {
  return {
    id: row.id,
    target: row.target,
    tenant: row.tenant,
    environment: row.environment,
    version: row.version,
    previousVersion: row.previous_version,
    entityRef: `deployment:default/${row.entity_name}`,
    entityName: row.entity_name,
    owner: row.owner,
    appliedRequestId: row.applied_request_id,
    appliedAt: toIsoOrNull(row.applied_at),
    reportedVersion: row.reported_version,
    reportedAt: toIsoOrNull(row.reported_at),
    announcedDrift: row.announced_drift,
    updatedAt: toIso(row.updated_at),
  };
}

/** A row of `promotion_requests`. */
export interface RequestRow {
  id: string;
  kind: PromotionRequest['kind'];
  title: string | null;
  target: string;
  tenant: string;
  source_environment: PromotionEnvironment;
  target_environment: PromotionEnvironment;
  version: string;
  previous_version: string | null;
  status: PromotionRequest['status'];
  reason: string | null;
  changes: string;
  evidence: string;
  approvals_required: number;
  approver_groups: string;
  approvals: number;
  auto_approved_by: string | null;
  requested_by: string;
  requested_at: DbTime;
  updated_at: DbTime;
  expires_at: DbTime;
  decided_at: DbTime | null;
  applied_at: DbTime | null;
  override_requested_by: string | null;
  override_reason: string | null;
  override_requested_at: DbTime | null;
  override_approved_by: string | null;
  override_approved_at: DbTime | null;
  open_key: string | null;
}

/** A request as the service works with it (no per-caller parts). */
export type StoredRequest = Omit<
  PromotionRequest,
  'decisions' | 'freezes' | 'allowed'
>;

export function toRequest(row: RequestRow): StoredRequest {
  const optional = <K extends string, V>(key: K, value: V | null) =>
    (value === null ? {} : { [key]: value }) as Partial<Record<K, V>>;
  return {
    id: row.id,
    kind: row.kind,
    ...optional('title', row.title),
    target: row.target,
    tenant: row.tenant,
    sourceEnvironment: row.source_environment,
    targetEnvironment: row.target_environment,
    version: row.version,
    previousVersion: row.previous_version,
    status: row.status,
    ...optional('reason', row.reason),
    changes: JSON.parse(row.changes),
    evidence: JSON.parse(row.evidence),
    approvalsRequired: Number(row.approvals_required),
    approvals: Number(row.approvals),
    approverGroups: JSON.parse(row.approver_groups),
    ...optional('autoApprovedBy', row.auto_approved_by),
    requestedBy: row.requested_by,
    requestedAt: toIso(row.requested_at),
    updatedAt: toIso(row.updated_at),
    expiresAt: toIso(row.expires_at),
    ...optional('decidedAt', toIsoOrNull(row.decided_at)),
    ...optional('appliedAt', toIsoOrNull(row.applied_at)),
    ...(row.override_requested_by
      ? {
          override: {
            requestedBy: row.override_requested_by,
            reason: row.override_reason ?? '',
            requestedAt: toIso(row.override_requested_at!),
            ...optional('approvedBy', row.override_approved_by),
            ...optional('approvedAt', toIsoOrNull(row.override_approved_at)),
          },
        }
      : {}),
  };
}

/** A row of `promotion_decisions`. */
export interface DecisionRow {
  id: string;
  request_id: string;
  decision: Decision['decision'];
  actor: string;
  comment: string | null;
  rule_id: string | null;
  decided_at: DbTime;
  seq: number;
}

export function toDecision(row: DecisionRow): Decision {
  return {
    id: row.id,
    decision: row.decision,
    actor: row.actor,
    ...(row.comment !== null ? { comment: row.comment } : {}),
    ...(row.rule_id !== null ? { ruleId: row.rule_id } : {}),
    at: toIso(row.decided_at),
  };
}

/** A row of `promotion_policies`. */
export interface PolicyRow {
  environment: PromotionEnvironment;
  approvals_required: number;
  approver_groups: string;
  expires_after_hours: number;
  updated_by: string;
  updated_at: DbTime;
}

export function toPolicy(row: PolicyRow): Policy {
  return {
    environment: row.environment,
    approvalsRequired: Number(row.approvals_required),
    approverGroups: JSON.parse(row.approver_groups),
    expiresAfterHours: Number(row.expires_after_hours),
    updatedBy: row.updated_by,
    updatedAt: toIso(row.updated_at),
  };
}

/** A row of `promotion_rules`. */
export interface RuleRow {
  id: string;
  name: string;
  source_environment: PromotionEnvironment;
  target_environment: PromotionEnvironment;
  conditions: string;
  auto_approve: boolean | number;
  notify: string;
  active: boolean | number;
  created_by: string;
  created_at: DbTime;
  updated_at: DbTime;
}

export function toRule(row: RuleRow): Rule {
  return {
    id: row.id,
    name: row.name,
    sourceEnvironment: row.source_environment,
    targetEnvironment: row.target_environment,
    conditions: JSON.parse(row.conditions),
    autoApprove: Boolean(row.auto_approve),
    notify: JSON.parse(row.notify),
    active: Boolean(row.active),
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/** A row of `promotion_freezes`. */
export interface FreezeRow {
  id: string;
  environment: PromotionEnvironment;
  tenant: string | null;
  target: string | null;
  reason: string;
  source: Freeze['source'];
  incident_key: string | null;
  starts_at: DbTime;
  ends_at: DbTime | null;
  created_by: string;
  created_at: DbTime;
  lifted_at: DbTime | null;
  lifted_by: string | null;
}

export function toFreeze(row: FreezeRow, now: Date): Freeze {
  const startsAt = toIso(row.starts_at);
  const endsAt = toIsoOrNull(row.ends_at);
  const liftedAt = toIsoOrNull(row.lifted_at);
  const at = now.toISOString();
  return {
    id: row.id,
    environment: row.environment,
    tenant: row.tenant,
    target: row.target,
    reason: row.reason,
    source: row.source,
    ...(row.incident_key ? { incidentId: row.incident_key.split('|')[0] } : {}),
    startsAt,
    endsAt,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    ...(liftedAt ? { liftedAt } : {}),
    ...(row.lifted_by ? { liftedBy: row.lifted_by } : {}),
    active: !liftedAt && startsAt <= at && (!endsAt || endsAt > at),
  };
}
