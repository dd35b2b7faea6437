import { createApiRef } from '@backstage/frontend-plugin-api';
import { QueryParams, RequestBody } from '@controlplane/common';
import {
  Environment,
  Evaluation,
  Flag,
  FlagMetrics,
  FlagPage,
  FlagPatch,
  FlagsApiOperations,
  HistoryPage,
  Matrix,
  NewFlag,
  NewSchedule,
  Schedule,
  ValueInput,
} from '@controlplane/plugin-flags-common';

type Operations = FlagsApiOperations;

/** What the flag list asks for: search, tag, lifecycles, stale, paging. */
export type FlagQuery = QueryParams<Operations['ListFlags']>;
/** What the matrix asks for: environment, tenant search, paging. */
export type MatrixQuery = QueryParams<Operations['GetMatrix']>;
/** What "evaluate as" sends: tenant, environment, keys, context. */
export type EvaluateRequest = RequestBody<Operations['EvaluateAs']>;

/**
 * The flags backend's REST API at `/api/flags`. Every type comes
 * from its openapi.yaml (generated into the -common package).
 */
export interface FlagsApi {
  listFlags(query?: FlagQuery): Promise<FlagPage>;
  getFlag(key: string): Promise<Flag>;
  createFlag(flag: NewFlag): Promise<Flag>;
  updateFlag(key: string, patch: FlagPatch): Promise<Flag>;
  /** `target`: `default`, `plan:<plan>` or `tenant:<tenant>`. */
  setValue(
    key: string,
    environment: Environment,
    target: string,
    value: ValueInput,
  ): Promise<Flag>;
  clearValue(
    key: string,
    environment: Environment,
    target: string,
    reason?: string,
  ): Promise<Flag>;
  setKillSwitch(key: string, enabled: boolean, reason: string): Promise<Flag>;
  listSchedules(key: string): Promise<{ items: Schedule[] }>;
  scheduleChange(key: string, schedule: NewSchedule): Promise<Schedule>;
  cancelSchedule(key: string, id: string): Promise<Schedule>;
  getMetrics(key: string, hours?: number): Promise<FlagMetrics>;
  getHistory(
    key: string,
    query?: QueryParams<Operations['GetFlagHistory']>,
  ): Promise<HistoryPage>;
  getTenantFlags(
    tenant: string,
    environment?: Environment,
  ): Promise<Evaluation>;
  evaluate(request: EvaluateRequest): Promise<Evaluation>;
  getMatrix(query?: MatrixQuery): Promise<Matrix>;
}

export const flagsApiRef = createApiRef<FlagsApi>({
  id: 'plugin.flags.api',
});
