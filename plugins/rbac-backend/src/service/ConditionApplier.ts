import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';

const APPLY_CONDITIONS_PATH =
  '/.well-known/backstage/permissions/apply-conditions';

/**
 * Asks the plugin that owns a resource whether the resource meets a
 * conditional decision, through the permission framework's own
 * apply-conditions endpoint: the same answer the permission backend would get.
 */
export class ConditionApplier {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async apply(options: {
    pluginId: string;
    resourceType: string;
    resourceRef: string;
    conditions: PermissionCriteria<PermissionCondition>;
  }): Promise<'ALLOW' | 'DENY'> {
    const { discovery, auth } = this.deps;
    const baseUrl = await discovery.getBaseUrl(options.pluginId);
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: options.pluginId,
    });
    const response = await fetch(`${baseUrl}${APPLY_CONDITIONS_PATH}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        items: [
          {
            id: '0',
            resourceRef: options.resourceRef,
            resourceType: options.resourceType,
            conditions: options.conditions,
          },
        ],
      }),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const body = (await response.json()) as {
      items: { id: string; result: 'ALLOW' | 'DENY' | ('ALLOW' | 'DENY')[] }[];
    };
    const result = body.items[0]?.result;
    return result === 'ALLOW' ? 'ALLOW' : 'DENY';
  }
}
