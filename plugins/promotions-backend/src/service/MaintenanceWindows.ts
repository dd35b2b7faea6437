import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { fetchFromPlugin } from '@controlplane/backend-common';
import type {
  Freeze,
  PromotionEnvironment,
} from '@controlplane/plugin-promotions-common';

/** A maintenance window as the incidents plugin answers it. */
interface Window {
  id: string;
  title: string;
  environment: PromotionEnvironment;
  tenant: string | null;
  startsAt: string;
  endsAt: string;
  createdBy: string;
  createdAt: string;
}

const toFreeze = (window: Window): Freeze => ({
  id: window.id,
  environment: window.environment,
  tenant: window.tenant,
  target: null,
  reason: `Maintenance: ${window.title}`,
  source: 'maintenance',
  startsAt: window.startsAt,
  endsAt: window.endsAt,
  createdBy: window.createdBy,
  createdAt: window.createdAt,
  active: true,
});

/**
 * The incidents plugin's maintenance windows that block deploys, asked
 * over its REST API (`GET /maintenance/blocked?operation=deploy`) with the
 * promotions plugin's own credentials, as freezes. Without the incidents
 * plugin (not installed, not answering) there are none, with a warning:
 * the promotions plugin's own freezes still hold.
 */
export class MaintenanceWindows {
  #lastFailure?: string;

  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  async blocking(place: {
    tenant: string;
    environment: PromotionEnvironment;
  }): Promise<Freeze[]> {
    try {
      const query = new URLSearchParams({
        operation: 'deploy',
        environment: place.environment,
        tenant: place.tenant,
      });
      const response = await fetchFromPlugin(
        this.options,
        'incidents',
        `/maintenance/blocked?${query}`,
        { timeoutMs: 5_000 },
      );
      if (!response.ok) {
        throw new Error(`GET /maintenance/blocked answered ${response.status}`);
      }
      const answer = (await response.json()) as {
        blocked: boolean;
        windows: Window[];
      };
      this.#lastFailure = undefined;
      // An override approved in the incidents plugin lets deploys through.
      return answer.blocked ? answer.windows.map(toFreeze) : [];
    } catch (error) {
      const message = String(error);
      if (message !== this.#lastFailure) {
        this.options.logger.warn(
          `Could not ask the incidents plugin about maintenance windows; only the promotions plugin's own freezes apply: ${message}`,
        );
      }
      this.#lastFailure = message;
      return [];
    }
  }
}
