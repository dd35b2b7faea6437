export { PluginApiClient } from './PluginApiClient';
export type { PluginApiClientOptions } from './PluginApiClient';
export { queryString } from './queryString';
export type { QueryParams } from './queryString';
export { pluginApiClientFactory } from './pluginApiClientFactory';
export { OpenApiClient } from './OpenApiClient';
export type {
  CallArgs,
  OptionalKeys,
  RequestOptions,
  Simplify,
} from './OpenApiClient';
