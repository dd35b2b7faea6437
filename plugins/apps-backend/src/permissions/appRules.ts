import { createPermissionRule } from '@backstage/plugin-permission-node';
import {
  ColumnFilter,
  createTenantSetRule,
} from '@controlplane/backend-common';
import { ManagedApp } from '@controlplane/plugin-apps-common';
import { OWNER_RULE, OwnerRuleParams } from '@controlplane/plugin-rbac-common';
import { z } from 'zod';
import { appResourceRef } from './appResourceRef';

/** The column of `apps` the owner rule filters on. */
export const OWNER_COLUMN = 'owner';

/** Entity refs compare case-insensitively, as in the catalog. */
const normalizedRef = (ref: string) => ref.trim().toLocaleLowerCase('en-US');

/**
 * IS_OWNER on apps: the app's owner is one of `ownerRefs` (the caller and
 * their groups), so a developer manages the apps of their own teams and,
 * through them, their credentials. Lists filter on `apps.owner` in SQL
 * (see `applyAppFilter`).
 */
export const appOwnerRule = createPermissionRule({
  name: OWNER_RULE,
  description: 'Allow apps owned by one of the given users or groups',
  resourceRef: appResourceRef,
  paramsSchema: z.object({
    ownerRefs: z
      .array(z.string())
      .describe('Entity refs of the owner: the user and their groups'),
  }),
  apply: (app: ManagedApp, { ownerRefs }: OwnerRuleParams) =>
    ownerRefs.map(normalizedRef).includes(normalizedRef(app.owner)),
  toQuery: ({ ownerRefs }: OwnerRuleParams): ColumnFilter => ({
    column: OWNER_COLUMN,
    in: ownerRefs.map(normalizedRef),
  }),
});

/** IS_IN_TENANT on apps: every tenant the app serves is in scope. */
export const appTenantRule = createTenantSetRule({
  resourceRef: appResourceRef,
  column: 'tenant',
  getTenants: app => app.tenants,
});

/** The rules of the app resource type. */
export const appRules = [appTenantRule, appOwnerRule];
