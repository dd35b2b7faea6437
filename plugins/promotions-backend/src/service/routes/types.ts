import {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  actorRef,
  ResourceAuthorizer,
  RouteHelpers,
  TypedRouter,
} from '@controlplane/backend-common';
import { AppCredentialsService } from '@controlplane/plugin-apps-node';
import {
  PromotionsApiPaths,
  promotionRequestResourceType,
} from '@controlplane/plugin-promotions-common';
import { Actor } from '../RequestsService';

/** The promotions API's router: routes and handlers typed from the contract. */
export type PromotionsRouter = TypedRouter<PromotionsApiPaths>;

/**
 * A request as a permission resource: its tenant (tenant rule) and who
 * asked (not-requester rule).
 */
export interface RequestResource {
  tenant: string;
  requestedBy: string;
}

export type RequestAuthorizer = ResourceAuthorizer<
  RequestResource,
  typeof promotionRequestResourceType
>;

/** What every route group of the plugin gets. */
export interface RouteDeps {
  helpers: RouteHelpers;
  authorizer: RequestAuthorizer;
  appCredentials: AppCredentialsService;
  userInfo: UserInfoService;
}

/** The acting user with their groups (approver groups are checked on them). */
export async function actorOf(
  userInfo: UserInfoService,
  credentials: BackstageCredentials,
): Promise<Actor> {
  const ref = actorRef(credentials);
  if ((credentials.principal as { type: string }).type !== 'user') {
    return { ref };
  }
  const info = await userInfo.getUserInfo(credentials);
  return { ref, ownership: info.ownershipEntityRefs };
}

/** The audit record's names for a request. */
export const idMeta = (id: string) => ({
  resourceType: promotionRequestResourceType,
  resourceId: id,
});
