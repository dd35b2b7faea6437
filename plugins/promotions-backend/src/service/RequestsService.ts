import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  Change,
  ColumnFilter,
  isUniqueViolation,
} from '@controlplane/backend-common';
import {
  EvidenceInput,
  NewRequest,
  nextEnvironment,
  Freeze,
  PROMOTION_NOTIFICATION_TOPICS,
  PromotionEnvironment,
  promotionRequestPath,
  RequestPage,
  RequestStatus,
} from '@controlplane/plugin-promotions-common';
import { OPEN_STATUSES } from '../database/RequestsStore';
import { StoredRequest } from '../database/rows';
import { PromotionsStores } from '../database/stores';
import { Announcer } from './Announcer';
import { GovernanceService } from './GovernanceService';
import { deploymentEntityName, normalizeTarget } from './targets';

/** Who acts on a request. */
export interface Actor {
  /** `user:default/april`, `app:<name>` or `system`. */
  ref: string;
  /** The user's own ref and groups (approver groups are checked on them). */
  ownership?: string[];
}

const SYSTEM = 'system';

/** Where a request's version goes. */
const placeOf = (request: StoredRequest) => ({
  target: request.target,
  tenant: request.tenant,
  environment: request.targetEnvironment,
});

/** The expiry of a request still undecided past its time. */
async function expireIfDue(
  trx: PromotionsStores,
  request: StoredRequest,
  now: string,
): Promise<'promotion.expired' | undefined> {
  if (request.status !== 'requested' || request.expiresAt > now) {
    return undefined;
  }
  await trx.requests.addDecision({
    requestId: request.id,
    decision: 'expire',
    actor: SYSTEM,
    comment: `Not decided by ${request.expiresAt}`,
    at: now,
  });
  await trx.requests.update(request.id, {
    status: 'expired',
    decided_at: now,
    updated_at: now,
  });
  return 'promotion.expired';
}

/**
 * Promotion requests and their state machine: requested → approved →
 * applied, or rejected / withdrawn / expired; any other move is a 409.
 * Each decision runs in one transaction holding the request's row lock, so
 * two people deciding at the same moment get one consistent outcome, and
 * is appended to the request's immutable decisions.
 */
export class RequestsService {
  constructor(
    private readonly options: {
      stores: PromotionsStores;
      governance: GovernanceService;
      announcer: Announcer;
      defaultApproversRef: string;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  get(id: string): Promise<StoredRequest | undefined> {
    return this.options.stores.requests.byId(id);
  }

  decisionsOf(id: string) {
    return this.options.stores.requests.decisionsOf(id);
  }

  hasApproved(id: string, actor: string) {
    return this.options.stores.requests.hasApproved(id, actor);
  }

  async page(query: {
    statuses?: RequestStatus[];
    environment?: PromotionEnvironment;
    target?: string;
    tenant?: string;
    requestedBy?: string;
    decidableBy?: Actor;
    /** ISO 8601: only requests decided since then, the latest first. */
    decidedSince?: string;
    limit: number;
    cursor?: string;
    filter?: PermissionCriteria<ColumnFilter>;
  }): Promise<RequestPage> {
    const { decidableBy, decidedSince } = query;
    const page = await this.options.stores.requests.page({
      ...query,
      target: query.target && normalizeTarget(query.target),
      // Stored times are ISO 8601 UTC strings: compared as such.
      decidedSince: decidedSince && isoUtc(decidedSince),
      ...(decidableBy
        ? {
            statuses: ['requested'],
            notRequestedBy: decidableBy.ref,
            notApprovedBy: decidableBy.ref,
            approverAmong: decidableBy.ownership ?? [decidableBy.ref],
          }
        : {}),
    });
    // The store picks by approver groups already (so a page is full); the
    // exact check stays here: SQLite's LIKE ignores case. The cursor stays
    // the last row read, so no request is skipped.
    const items = decidableBy
      ? page.rows.filter(request => inApproverGroups(request, decidableBy))
      : page.rows;
    return {
      items,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  /**
   * The request about to be made, checked against the deployment state:
   * the version runs in the source environment, the target does not run it
   * yet. Not stored: the caller checks the create permission on it first.
   */
  async draft(input: NewRequest, requester: string): Promise<StoredRequest> {
    const target = normalizeTarget(input.target);
    const targetEnvironment = nextEnvironment(input.sourceEnvironment);
    if (!targetEnvironment) {
      throw new InputError(`Nothing comes after ${input.sourceEnvironment}`);
    }
    const { deployments } = this.options.stores;
    const source = await deployments.at({
      target,
      tenant: input.tenant,
      environment: input.sourceEnvironment,
    });
    if (!source || source.version !== input.version) {
      throw new ConflictError(
        `${target} ${input.version} does not run in ${
          input.sourceEnvironment
        } for ${input.tenant}${source ? ` (${source.version} does)` : ''}`,
      );
    }
    const current = await deployments.at({
      target,
      tenant: input.tenant,
      environment: targetEnvironment,
    });
    if (current?.version === input.version) {
      throw new ConflictError(
        `${target} ${input.version} runs in ${targetEnvironment} for ${input.tenant} already`,
      );
    }
    return this.newRequest({
      kind: 'promotion',
      title: input.title,
      target,
      tenant: input.tenant,
      sourceEnvironment: input.sourceEnvironment,
      targetEnvironment,
      version: input.version,
      previousVersion: current?.version ?? null,
      changes: input.changes ?? [],
      evidence: input.evidence ?? {},
      requester,
    });
  }

  /** A rollback of a deployment to its previous version, not stored. */
  async rollbackDraft(
    deployment: {
      target: string;
      tenant: string;
      environment: PromotionEnvironment;
      version: string;
      previousVersion: string;
    },
    reason: string,
    requester: string,
  ): Promise<StoredRequest> {
    return this.newRequest({
      kind: 'rollback',
      title: `Roll back to ${deployment.previousVersion}`,
      target: deployment.target,
      tenant: deployment.tenant,
      sourceEnvironment: deployment.environment,
      targetEnvironment: deployment.environment,
      version: deployment.previousVersion,
      previousVersion: deployment.version,
      changes: [
        {
          field: 'version',
          before: deployment.version,
          after: deployment.previousVersion,
        },
      ],
      evidence: {},
      reason,
      requester,
    });
  }

  private async newRequest(request: {
    kind: StoredRequest['kind'];
    title?: string;
    target: string;
    tenant: string;
    sourceEnvironment: PromotionEnvironment;
    targetEnvironment: PromotionEnvironment;
    version: string;
    previousVersion: string | null;
    changes: StoredRequest['changes'];
    evidence: EvidenceInput;
    reason?: string;
    requester: string;
  }): Promise<StoredRequest> {
    const policy = await this.options.governance.policyFor(
      request.targetEnvironment,
    );
    const now = this.now();
    const { requester, evidence, ...rest } = request;
    return {
      id: randomUUID(),
      ...rest,
      status: 'requested',
      evidence: Object.keys(evidence).length
        ? { ...evidence, updatedBy: requester, updatedAt: now.toISOString() }
        : {},
      approvalsRequired: policy.approvalsRequired,
      approvals: 0,
      approverGroups: policy.approverGroups,
      requestedBy: requester,
      requestedAt: now.toISOString(),
      updatedAt: now.toISOString(),
      expiresAt: new Date(
        now.getTime() + policy.expiresAfterHours * 3_600_000,
      ).toISOString(),
    };
  }

  /**
   * Stores a drafted request (409 when another is open for the same place,
   * decided by the unique open key), then lets the policy or an
   * auto-approve rule approve it.
   */
  async create(draft: StoredRequest): Promise<Change<StoredRequest>> {
    try {
      await this.options.stores.requests.insert({
        id: draft.id,
        kind: draft.kind,
        title: draft.title ?? null,
        target: draft.target,
        tenant: draft.tenant,
        source_environment: draft.sourceEnvironment,
        target_environment: draft.targetEnvironment,
        version: draft.version,
        previous_version: draft.previousVersion ?? null,
        status: 'requested',
        reason: draft.reason ?? null,
        changes: JSON.stringify(draft.changes),
        evidence: JSON.stringify(draft.evidence),
        approvals_required: draft.approvalsRequired,
        approver_groups: JSON.stringify(draft.approverGroups),
        requested_by: draft.requestedBy,
        requested_at: draft.requestedAt,
        updated_at: draft.updatedAt,
        expires_at: draft.expiresAt,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `An open request exists for ${draft.target} in ${draft.targetEnvironment} for ${draft.tenant}`,
        );
      }
      throw error;
    }
    await this.announce('promotion.requested', draft, draft.requestedBy);
    const decided = await this.approveAutomatically(draft.id);
    const result = decided ?? (await this.get(draft.id))!;
    if (result.status === 'requested') await this.notifyApprovers(result);
    return {
      result,
      audit: {
        target: draft.target,
        tenant: draft.tenant,
        kind: draft.kind,
        from: draft.sourceEnvironment,
        to: draft.targetEnvironment,
        version: draft.version,
        previousVersion: draft.previousVersion ?? null,
        status: result.status,
      },
    };
  }

  /** Merges evidence into an open request; a rule may approve it then. */
  async addEvidence(
    id: string,
    input: EvidenceInput,
    actor: Actor,
  ): Promise<Change<StoredRequest>> {
    const now = this.now().toISOString();
    const before = await this.options.stores.transaction(async trx => {
      const request = await this.locked(trx, id);
      assertStatus(request, ['requested'], 'add evidence to');
      const evidence = {
        ...request.evidence,
        ...input,
        updatedBy: actor.ref,
        updatedAt: now,
      };
      await trx.requests.update(id, {
        evidence: JSON.stringify(evidence),
        updated_at: now,
      });
      return request;
    });
    const decided = await this.approveAutomatically(id);
    const result = decided ?? (await this.get(id))!;
    return {
      result,
      audit: {
        before: { ...before.evidence },
        after: { ...result.evidence },
        status: result.status,
      },
    };
  }

  /**
   * The system's approval, when the policy needs none or an active
   * auto-approve rule's conditions all hold; undefined when neither.
   */
  private async approveAutomatically(
    id: string,
  ): Promise<StoredRequest | undefined> {
    const request = await this.get(id);
    if (!request || request.status !== 'requested') return undefined;
    const rule =
      request.approvalsRequired === 0
        ? undefined
        : await this.options.governance.autoApprovingRule(
            request.sourceEnvironment,
            request.targetEnvironment,
            request.evidence,
          );
    if (request.approvalsRequired > 0 && !rule) return undefined;
    return this.decide(id, async (trx, locked, now) => {
      if (locked.status !== 'requested') return undefined;
      await trx.requests.addDecision({
        requestId: id,
        decision: 'auto-approve',
        actor: SYSTEM,
        comment: rule
          ? `Rule "${rule.name}": every condition holds`
          : 'The policy needs no approval',
        ruleId: rule?.id,
        at: now,
      });
      await trx.requests.update(id, {
        status: 'approved',
        approvals: locked.approvals + 1,
        auto_approved_by: rule?.id ?? null,
        decided_at: now,
        updated_at: now,
      });
      return 'promotion.approved';
    });
  }

  /** One person's approval; the one completing the quorum applies it. */
  async approve(
    id: string,
    actor: Actor,
    comment?: string,
  ): Promise<Change<StoredRequest>> {
    let quorum = false;
    const result = await this.decide(id, async (trx, request, now) => {
      assertStatus(request, ['requested'], 'approve');
      assertNotRequester(request, actor, 'approve');
      if (!inApproverGroups(request, actor)) {
        throw new NotAllowedError(
          `Only members of ${request.approverGroups.join(
            ', ',
          )} approve promotions into ${request.targetEnvironment}`,
        );
      }
      if (await trx.requests.hasApproved(id, actor.ref)) {
        throw new ConflictError('You approved this request already');
      }
      await trx.requests.addDecision({
        requestId: id,
        decision: 'approve',
        actor: actor.ref,
        comment,
        at: now,
      });
      const approvals = request.approvals + 1;
      quorum = approvals >= request.approvalsRequired;
      await trx.requests.update(id, {
        approvals,
        updated_at: now,
        ...(quorum ? { status: 'approved', decided_at: now } : {}),
      });
      return quorum ? 'promotion.approved' : undefined;
    });
    return {
      result: result!,
      audit: {
        target: result!.target,
        tenant: result!.tenant,
        to: result!.targetEnvironment,
        version: result!.version,
        comment: comment ?? null,
        approvals: result!.approvals,
        approvalsRequired: result!.approvalsRequired,
        status: result!.status,
      },
    };
  }

  async reject(
    id: string,
    actor: Actor,
    reason: string,
  ): Promise<Change<StoredRequest>> {
    const result = await this.decide(id, async (trx, request, now) => {
      assertStatus(request, ['requested'], 'reject');
      assertNotRequester(request, actor, 'reject');
      await trx.requests.addDecision({
        requestId: id,
        decision: 'reject',
        actor: actor.ref,
        comment: reason,
        at: now,
      });
      await trx.requests.update(id, {
        status: 'rejected',
        reason,
        decided_at: now,
        updated_at: now,
      });
      return 'promotion.rejected';
    });
    return this.statusChange(result!, { reason });
  }

  async withdraw(
    id: string,
    actor: Actor,
    reason?: string,
  ): Promise<Change<StoredRequest>> {
    const result = await this.decide(id, async (trx, request, now) => {
      if (request.requestedBy !== actor.ref) {
        throw new NotAllowedError('Only the requester withdraws a request');
      }
      assertStatus(request, OPEN_STATUSES, 'withdraw');
      await trx.requests.addDecision({
        requestId: id,
        decision: 'withdraw',
        actor: actor.ref,
        comment: reason,
        at: now,
      });
      await trx.requests.update(id, {
        status: 'withdrawn',
        reason: reason ?? null,
        decided_at: now,
        updated_at: now,
      });
      return 'promotion.withdrawn';
    });
    return this.statusChange(result!, { reason: reason ?? null });
  }

  /** Asks to apply despite the freezes that hold the request now. */
  async requestOverride(
    id: string,
    actor: Actor,
    reason: string,
  ): Promise<Change<StoredRequest>> {
    const result = await this.decide(
      id,
      async (trx, request, now, maintenance) => {
        assertStatus(request, OPEN_STATUSES, 'override the freezes of');
        if (request.override) {
          throw new ConflictError(
            `${request.override.requestedBy} asked for an override already`,
          );
        }
        const freezes = await trx.governance.blocking(
          placeOf(request),
          new Date(now),
        );
        if (freezes.length === 0 && maintenance.length === 0) {
          throw new ConflictError('No freeze holds this request');
        }
        await trx.requests.addDecision({
          requestId: id,
          decision: 'override-request',
          actor: actor.ref,
          comment: reason,
          at: now,
        });
        await trx.requests.update(id, {
          override_requested_by: actor.ref,
          override_reason: reason,
          override_requested_at: now,
          updated_at: now,
        });
        return undefined;
      },
    );
    return {
      result: result!,
      audit: { reason, status: result!.status },
    };
  }

  /** A second person approves the override; an approved request applies. */
  async approveOverride(
    id: string,
    actor: Actor,
    comment?: string,
  ): Promise<Change<StoredRequest>> {
    const result = await this.decide(id, async (trx, request, now) => {
      assertStatus(request, OPEN_STATUSES, 'override the freezes of');
      if (!request.override) {
        throw new ConflictError('Nobody asked for an override of this request');
      }
      if (request.override.approvedBy) {
        throw new ConflictError(
          `${request.override.approvedBy} approved the override already`,
        );
      }
      if (
        actor.ref === request.override.requestedBy ||
        actor.ref === request.requestedBy
      ) {
        throw new NotAllowedError(
          'An override needs a second person: not the one who asked for it, nor the requester',
        );
      }
      await trx.requests.addDecision({
        requestId: id,
        decision: 'override-approve',
        actor: actor.ref,
        comment,
        at: now,
      });
      await trx.requests.update(id, {
        override_approved_by: actor.ref,
        override_approved_at: now,
        updated_at: now,
      });
      return undefined;
    });
    return {
      result: result!,
      audit: {
        comment: comment ?? null,
        overrideRequestedBy: result!.override?.requestedBy ?? null,
        reason: result!.override?.reason ?? null,
        status: result!.status,
      },
    };
  }

  /** Expires open requests past their time (scheduled). */
  async expireDue(): Promise<number> {
    const due = await this.options.stores.requests.expired(
      this.now().toISOString(),
    );
    let expired = 0;
    for (const request of due) {
      const result = await this.decide(request.id, expireIfDue);
      if (result?.status === 'expired') {
        expired += 1;
        await this.notifyRequester(result, 'expired');
      }
    }
    return expired;
  }

  /** Applies approved requests no freeze holds any more (scheduled, lifts). */
  async applyReleased(): Promise<number> {
    const held = await this.options.stores.requests.approvedNotApplied();
    let applied = 0;
    for (const request of held) {
      const result = await this.decide(request.id, async () => undefined);
      if (result?.status === 'applied') applied += 1;
    }
    return applied;
  }

  /**
   * Runs one decision on the locked request, then, in the same
   * transaction, applies an approved request unless a freeze holds it (and
   * no approved override lifts that); announces what happened afterwards.
   */
  private async decide(
    id: string,
    decision: (
      trx: PromotionsStores,
      request: StoredRequest,
      now: string,
      maintenance: Freeze[],
    ) => Promise<AnnouncedType | undefined>,
  ): Promise<StoredRequest | undefined> {
    const now = this.now().toISOString();
    // Maintenance windows come from another plugin over HTTP: asked before
    // the transaction, so no lock is held while waiting for the answer.
    const current = await this.get(id);
    const maintenance = current
      ? await this.options.governance.maintenanceFreezes(placeOf(current))
      : [];
    const outcome = await this.options.stores.transaction(async trx => {
      const request = await this.locked(trx, id);
      const announced: AnnouncedType[] = [];
      const type = await decision(trx, request, now, maintenance);
      if (type) announced.push(type);
      const after = (await trx.requests.byId(id))!;
      if (
        after.status === 'approved' &&
        (await mayApply(trx, after, now, maintenance))
      ) {
        await this.applyLocked(trx, after, now);
        announced.push('promotion.applied');
      }
      return { request: (await trx.requests.byId(id))!, announced };
    });
    const { request, announced } = outcome;
    for (const type of announced) {
      await this.announce(type, request, SYSTEM);
    }
    if (announced.includes('promotion.rejected')) {
      await this.notifyRequester(request, 'rejected');
    }
    if (announced.includes('promotion.applied')) {
      await this.notifyRequester(request, 'approved and applied');
      await this.notifyRules(request);
    } else if (announced.includes('promotion.approved')) {
      await this.notifyRequester(request, 'approved; a freeze holds it');
    }
    return request;
  }

  private async applyLocked(
    trx: PromotionsStores,
    request: StoredRequest,
    now: string,
  ): Promise<void> {
    const place = placeOf(request);
    const source = await trx.deployments.at({
      ...place,
      environment: request.sourceEnvironment,
    });
    await trx.deployments.apply(place, {
      id: randomUUID(),
      entityName: deploymentEntityName(place),
      version: request.version,
      owner: source?.owner ?? null,
      requestId: request.id,
      at: now,
    });
    await trx.requests.addDecision({
      requestId: request.id,
      decision: 'apply',
      actor: SYSTEM,
      comment: `${request.target} ${request.version} runs in ${request.targetEnvironment} for ${request.tenant}`,
      at: now,
    });
    await trx.requests.update(request.id, {
      status: 'applied',
      applied_at: now,
      updated_at: now,
    });
  }

  private async locked(
    trx: PromotionsStores,
    id: string,
  ): Promise<StoredRequest> {
    const request = await trx.requests.lock(id);
    if (!request) throw new NotFoundError(`No promotion request ${id}`);
    return request;
  }

  private statusChange(
    request: StoredRequest,
    facts: Record<string, string | null>,
  ): Change<StoredRequest> {
    return {
      result: request,
      audit: {
        target: request.target,
        tenant: request.tenant,
        to: request.targetEnvironment,
        version: request.version,
        status: request.status,
        ...facts,
      },
    };
  }

  private announce(
    type: AnnouncedType,
    request: StoredRequest,
    actor: string,
  ): Promise<void> {
    return this.options.announcer.event({
      type,
      requestId: request.id,
      target: request.target,
      tenant: request.tenant,
      environment: request.targetEnvironment,
      version: request.version,
      actor,
    });
  }

  private notifyApprovers(request: StoredRequest): Promise<void> {
    const groups = request.approverGroups.length
      ? request.approverGroups
      : [this.options.defaultApproversRef];
    return this.options.announcer.notify({
      topic: PROMOTION_NOTIFICATION_TOPICS.waiting,
      recipients: groups,
      exclude: request.requestedBy,
      title: `Promotion waiting: ${request.target} ${request.version} to ${request.targetEnvironment}`,
      description: `${request.requestedBy} asks to promote ${request.target} ${request.version} to ${request.targetEnvironment} for ${request.tenant}.`,
      link: promotionRequestPath(request.id),
      severity: request.targetEnvironment === 'production' ? 'high' : 'normal',
    });
  }

  private notifyRequester(request: StoredRequest, what: string): Promise<void> {
    return this.options.announcer.notify({
      topic: PROMOTION_NOTIFICATION_TOPICS.decided,
      recipients: [request.requestedBy],
      title: `Your promotion of ${request.target} ${request.version} was ${what}`,
      description: `${request.target} ${request.version} to ${request.targetEnvironment} for ${request.tenant}.`,
      link: promotionRequestPath(request.id),
    });
  }

  private async notifyRules(request: StoredRequest): Promise<void> {
    const refs = await this.options.governance.notifiedOf(
      request.sourceEnvironment,
      request.targetEnvironment,
    );
    await this.options.announcer.notify({
      topic: PROMOTION_NOTIFICATION_TOPICS.applied,
      recipients: refs,
      title: `Promoted: ${request.target} ${request.version} in ${request.targetEnvironment}`,
      description: `${request.target} ${request.version} runs in ${request.targetEnvironment} for ${request.tenant}.`,
      link: promotionRequestPath(request.id),
    });
  }
}

type AnnouncedType =
  | 'promotion.requested'
  | 'promotion.approved'
  | 'promotion.rejected'
  | 'promotion.withdrawn'
  | 'promotion.expired'
  | 'promotion.applied';

function assertStatus(
  request: StoredRequest,
  allowed: RequestStatus[],
  action: string,
): void {
  if (!allowed.includes(request.status)) {
    throw new ConflictError(
      `You cannot ${action} a request that is ${request.status}`,
    );
  }
}

/**
 * Whether an approved request may be applied now: no freeze holds its
 * place, or a second person approved an override. Read in the decision's
 * transaction (SQLite has one connection).
 */
async function mayApply(
  trx: PromotionsStores,
  request: StoredRequest,
  now: string,
  maintenance: Freeze[],
): Promise<boolean> {
  if (request.override?.approvedBy) return true;
  const freezes = await trx.governance.blocking(
    placeOf(request),
    new Date(now),
  );
  return freezes.length === 0 && maintenance.length === 0;
}

/** Separation of duties, also for platform admins. */
function assertNotRequester(
  request: StoredRequest,
  actor: Actor,
  action: string,
): void {
  if (request.requestedBy === actor.ref) {
    throw new NotAllowedError(`Nobody may ${action} their own request`);
  }
}

/** An ISO 8601 time in UTC with milliseconds, as the store writes times. */
function isoUtc(time: string): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) {
    throw new InputError(`${time} is not an ISO 8601 date-time`);
  }
  return date.toISOString();
}

/** Whether the actor is in the request's approver groups (if it names any). */
export function inApproverGroups(
  request: Pick<StoredRequest, 'approverGroups'>,
  actor: Actor,
): boolean {
  if (request.approverGroups.length === 0) return true;
  const ownership = new Set(actor.ownership ?? [actor.ref]);
  return request.approverGroups.some(group => ownership.has(group));
}
