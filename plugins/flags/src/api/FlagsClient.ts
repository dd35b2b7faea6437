import {
  OpenApiClient,
  PluginApiClientOptions,
} from '@controlplane/frontend-common';
import { QueryParams } from '@controlplane/common';
import {
  Environment,
  FlagPatch,
  FlagsApiOperations,
  FlagsApiPaths,
  NewFlag,
  NewSchedule,
  ValueInput,
} from '@controlplane/plugin-flags-common';
import { EvaluateRequest, FlagQuery, FlagsApi, MatrixQuery } from './FlagsApi';

/**
 * Talks to the flags backend through the app's fetch and discovery
 * APIs. Paths, parameters and answers are checked against the contract at
 * compile time; an answer that is not 2xx is thrown as a ResponseError.
 */
export class FlagsClient implements FlagsApi {
  private readonly api: OpenApiClient<FlagsApiPaths>;

  constructor(options: PluginApiClientOptions) {
    this.api = new OpenApiClient({ ...options, pluginId: 'flags' });
  }

  listFlags(query: FlagQuery = {}) {
    return this.api.call('get', '/flags', { query });
  }

  getFlag(key: string) {
    return this.api.call('get', '/flags/{key}', { path: { key } });
  }

  createFlag(flag: NewFlag) {
    return this.api.call('post', '/flags', { body: flag });
  }

  updateFlag(key: string, patch: FlagPatch) {
    return this.api.call('patch', '/flags/{key}', {
      path: { key },
      body: patch,
    });
  }

  setValue(
    key: string,
    environment: Environment,
    target: string,
    value: ValueInput,
  ) {
    return this.api.call('put', '/flags/{key}/values/{environment}/{target}', {
      path: { key, environment, target },
      body: value,
    });
  }

  clearValue(
    key: string,
    environment: Environment,
    target: string,
    reason?: string,
  ) {
    return this.api.call(
      'delete',
      '/flags/{key}/values/{environment}/{target}',
      { path: { key, environment, target }, query: { reason } },
    );
  }

  setKillSwitch(key: string, enabled: boolean, reason: string) {
    return this.api.call('put', '/flags/{key}/kill-switch', {
      path: { key },
      body: { enabled, reason },
    });
  }

  listSchedules(key: string) {
    return this.api.call('get', '/flags/{key}/schedules', { path: { key } });
  }

  scheduleChange(key: string, schedule: NewSchedule) {
    return this.api.call('post', '/flags/{key}/schedules', {
      path: { key },
      body: schedule,
    });
  }

  cancelSchedule(key: string, id: string) {
    return this.api.call('delete', '/flags/{key}/schedules/{id}', {
      path: { key, id },
    });
  }

  getMetrics(key: string, hours?: number) {
    return this.api.call('get', '/flags/{key}/metrics', {
      path: { key },
      query: { hours: hours === undefined ? undefined : String(hours) },
    });
  }

  getHistory(
    key: string,
    query: QueryParams<FlagsApiOperations['GetFlagHistory']> = {},
  ) {
    return this.api.call('get', '/flags/{key}/history', {
      path: { key },
      query,
    });
  }

  getTenantFlags(tenant: string, environment?: Environment) {
    return this.api.call('get', '/tenants/{tenant}/flags', {
      path: { tenant },
      query: { environment },
    });
  }

  evaluate(request: EvaluateRequest) {
    return this.api.call('post', '/evaluate', { body: request });
  }

  getMatrix(query: MatrixQuery = {}) {
    return this.api.call('get', '/matrix', { query });
  }
}
