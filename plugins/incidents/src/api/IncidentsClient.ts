import {
  OpenApiClient,
  PluginApiClientOptions,
} from '@controlplane/frontend-common';
import {
  IncidentPatch,
  IncidentsApiPaths,
  NewIncident,
  NewMaintenance,
  Operation,
} from '@controlplane/plugin-incidents-common';
import { IncidentQuery, IncidentsApi, TransitionInput } from './IncidentsApi';

/**
 * Talks to the incidents backend through the app's fetch and discovery
 * APIs. Paths, parameters and answers are checked against the contract at
 * compile time; an answer that is not 2xx is thrown as a ResponseError.
 */
export class IncidentsClient implements IncidentsApi {
  private readonly api: OpenApiClient<IncidentsApiPaths>;

  constructor(options: PluginApiClientOptions) {
    this.api = new OpenApiClient({ ...options, pluginId: 'incidents' });
  }

  listIncidents(query: IncidentQuery = {}) {
    return this.api.call('get', '/incidents', { query });
  }

  summary() {
    return this.api.call('get', '/incidents/summary');
  }

  getIncident(id: string) {
    return this.api.call('get', '/incidents/{id}', { path: { id } });
  }

  createIncident(incident: NewIncident) {
    return this.api.call('post', '/incidents', { body: incident });
  }

  updateIncident(id: string, patch: IncidentPatch) {
    return this.api.call('patch', '/incidents/{id}', {
      path: { id },
      body: patch,
    });
  }

  transition(id: string, move: TransitionInput) {
    return this.api.call('post', '/incidents/{id}/transition', {
      path: { id },
      body: move,
    });
  }

  comment(id: string, body: string) {
    return this.api.call('post', '/incidents/{id}/comments', {
      path: { id },
      body: { body },
    });
  }

  timeline(id: string, hoursBefore?: number) {
    return this.api.call('get', '/incidents/{id}/timeline', {
      path: { id },
      query: {
        hoursBefore:
          hoursBefore === undefined ? undefined : String(hoursBefore),
      },
    });
  }

  listMaintenance(all?: boolean) {
    return this.api.call('get', '/maintenance', {
      query: { all: all ? 'true' : undefined },
    });
  }

  scheduleMaintenance(window: NewMaintenance) {
    return this.api.call('post', '/maintenance', { body: window });
  }

  cancelMaintenance(id: string, reason?: string) {
    return this.api.call('post', '/maintenance/{id}/cancel', {
      path: { id },
      body: { reason },
    });
  }

  requestOverride(id: string, operation: Operation, reason: string) {
    return this.api.call('post', '/maintenance/{id}/overrides', {
      path: { id },
      body: { operation, reason },
    });
  }

  approveOverride(id: string, overrideId: string, comment?: string) {
    return this.api.call(
      'post',
      '/maintenance/{id}/overrides/{overrideId}/approve',
      { path: { id, overrideId }, body: { comment } },
    );
  }
}
