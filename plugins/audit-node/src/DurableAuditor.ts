import { randomUUID } from 'node:crypto';
import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  AuditorServiceEvent,
  AuditorServiceEventSeverityLevel,
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { ForwardedError, InputError } from '@backstage/errors';
import { JsonObject, JsonValue } from '@backstage/types';
import {
  AuditActorType,
  AuditEventInput,
} from '@controlplane/plugin-audit-common';
import {
  getAppPrincipal,
  getTenantUserPrincipal,
} from '@controlplane/backend-common';
import { AuditTrailService } from './auditTrail';

type AuditRequest = NonNullable<AuditorServiceCreateEventOptions['request']>;
type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const SEVERITIES: AuditorServiceEventSeverityLevel[] = [
  'low',
  'medium',
  'high',
  'critical',
];
const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];
const DEFAULT_LOG_LEVELS: Record<AuditorServiceEventSeverityLevel, LogLevel> = {
  low: 'debug',
  medium: 'info',
  high: 'info',
  critical: 'info',
};

/**
 * The log level of each severity, from `backend.auditor.severityLogLevelMappings`
 * exactly as Backstage's default auditor reads it.
 */
export function readSeverityLogLevels(
  config: RootConfigService,
): Record<AuditorServiceEventSeverityLevel, LogLevel> {
  const levels = { ...DEFAULT_LOG_LEVELS };
  for (const severity of SEVERITIES) {
    const key = `backend.auditor.severityLogLevelMappings.${severity}`;
    const value = config.getOptionalString(key);
    if (value === undefined) {
      continue;
    }
    if (!LOG_LEVELS.includes(value as LogLevel)) {
      throw new InputError(
        `The configuration value for '${key}' was given an invalid value: '${value}'. Expected one of the following valid values: '${LOG_LEVELS.join(
          ', ',
        )}'.`,
      );
    }
    levels[severity] = value as LogLevel;
  }
  return levels;
}

/** `audit.minimumSeverity`, default `medium`. */
export function readMinimumSeverity(
  config: RootConfigService,
): AuditorServiceEventSeverityLevel {
  const value = config.getOptionalString('audit.minimumSeverity') ?? 'medium';
  if (!SEVERITIES.includes(value as AuditorServiceEventSeverityLevel)) {
    throw new InputError(
      `Invalid audit.minimumSeverity '${value}'; expected one of ${SEVERITIES.join(
        ', ',
      )}`,
    );
  }
  return value as AuditorServiceEventSeverityLevel;
}

interface Actor {
  /** As Backstage's auditor logs it: user entity ref or service subject. */
  logId?: string;
  recordId: string;
  recordType: AuditActorType;
  /** Added to the record's metadata: which credential an app used. */
  metadata?: JsonObject;
}

const requestIds = new WeakMap<object, string>();

/** The caller's `x-request-id`, else one generated id per request. */
function requestIdOf(request: AuditRequest): string {
  const header = request.get('x-request-id')?.trim();
  if (header) {
    return header.slice(0, 200);
  }
  let id = requestIds.get(request);
  if (!id) {
    id = randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

function optionalString(meta: JsonObject, key: string): string | undefined {
  const value = meta[key];
  return typeof value === 'string' && value ? value : undefined;
}

/** A plain JSON copy: drops `undefined`, detaches from the caller's objects. */
function toJson(meta: JsonObject): JsonObject {
  try {
    return JSON.parse(JSON.stringify(meta)) as JsonObject;
  } catch {
    // Not JSON after all (a cycle, a BigInt): keep the record, not the meta.
    return { metadataOmitted: 'not serializable as JSON' };
  }
}

export interface DurableAuditorOptions {
  pluginId: string;
  logger: LoggerService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  trail: AuditTrailService;
  logLevels: Record<AuditorServiceEventSeverityLevel, LogLevel>;
  minimumSeverity: AuditorServiceEventSeverityLevel;
}

/**
 * A plugin's auditor: logs every event like Backstage's default auditor does
 * (`initiated`, then `succeeded` or `failed`), and records the outcome of each
 * event at or above the minimum severity in the audit trail, once.
 */
export class DurableAuditor implements AuditorService {
  readonly #options: DurableAuditorOptions;
  readonly #auditLogger: LoggerService;

  constructor(options: DurableAuditorOptions) {
    this.#options = options;
    this.#auditLogger = options.logger.child({ isAuditEvent: true });
  }

  async createEvent(
    options: AuditorServiceCreateEventOptions,
  ): Promise<AuditorServiceEvent> {
    const { request } = options;
    const actor = await this.#actorOf(request);
    this.#log(options, actor, 'initiated', options.meta);

    let recorded = false;
    const finish = async (
      outcome: 'success' | 'failure',
      meta: JsonObject,
      error?: Error,
    ) => {
      if (recorded) {
        // A second success()/fail() of the same event is logged, not stored.
        return;
      }
      recorded = true;
      const event = this.#toRecord(options, actor, outcome, meta, error);
      if (event) {
        await this.#options.trail.record(event);
      }
    };

    return {
      success: async params => {
        const meta = { ...options.meta, ...params?.meta };
        this.#log(options, actor, 'succeeded', meta);
        // Rejects when the record cannot be stored: the operation must not
        // report success without its audit record.
        await finish('success', meta);
      },
      fail: async params => {
        const meta = { ...options.meta, ...params?.meta };
        this.#log(options, actor, 'failed', meta, params?.error);
        // The operation already failed and reports its own error; a record
        // that cannot be stored is logged by the trail, not thrown over it.
        await finish('failure', meta, params?.error).catch(() => {});
      },
    };
  }

  async #actorOf(request?: AuditRequest): Promise<Actor> {
    const { auth, httpAuth, pluginId } = this.#options;
    // An app credential is not a Backstage token: the plugin's app
    // verifier has already authenticated the request and attached the app.
    const app = request ? getAppPrincipal(request) : undefined;
    if (app) {
      const id = `app:${app.appName}`;
      return {
        logId: id,
        recordId: id,
        recordType: 'app',
        metadata: {
          appCredential: {
            appId: app.appId,
            credentialId: app.credentialId,
            clientId: app.clientId,
          },
        },
      };
    }
    // A tenant user signing in or holding a tenant access token: the
    // tenants plugin has identified them; Backstage knows no such token.
    const tenantUser = request ? getTenantUserPrincipal(request) : undefined;
    if (tenantUser) {
      const id = `tenant-user:${tenantUser.tenant}/${tenantUser.userId}`;
      return { logId: id, recordId: id, recordType: 'user' };
    }
    let credentials: BackstageCredentials;
    if (request) {
      try {
        credentials = await httpAuth.credentials(request);
      } catch (error) {
        throw new ForwardedError('Could not resolve credentials', error);
      }
    } else {
      credentials = await auth.getOwnServiceCredentials();
    }
    if (auth.isPrincipal(credentials, 'user')) {
      const ref = credentials.principal.userEntityRef;
      return { logId: ref, recordId: ref, recordType: 'user' };
    }
    if (auth.isPrincipal(credentials, 'service')) {
      const subject = credentials.principal.subject;
      return { logId: subject, recordId: subject, recordType: 'system' };
    }
    if (!request) {
      return { recordId: `plugin:${pluginId}`, recordType: 'system' };
    }
    // An unauthenticated request to an endpoint that allows it.
    return { recordId: 'anonymous', recordType: 'user' };
  }

  /** The log line of Backstage's default auditor, field for field. */
  #log(
    options: AuditorServiceCreateEventOptions,
    actor: Actor,
    status: 'initiated' | 'succeeded' | 'failed',
    meta: JsonObject | undefined,
    error?: Error,
  ) {
    const { eventId, severityLevel = 'low', request } = options;
    const { pluginId, logLevels } = this.#options;
    const fields: JsonObject = {
      plugin: pluginId,
      eventId,
      severityLevel,
      actor: {
        actorId: actor.logId,
        ip: request?.ip,
        hostname: request?.hostname,
        userAgent: request?.get('user-agent'),
      },
      request: request
        ? { url: request.originalUrl, method: request.method }
        : undefined,
      meta: meta && Object.keys(meta).length > 0 ? meta : undefined,
      status,
    };
    const level = logLevels[severityLevel];
    const message = `${pluginId}.${eventId}`;
    if (status === 'failed') {
      this.#auditLogger.child(fields)[level](message, error);
    } else {
      this.#auditLogger[level](message, fields);
    }
  }

  #toRecord(
    options: AuditorServiceCreateEventOptions,
    actor: Actor,
    outcome: 'success' | 'failure',
    meta: JsonObject,
    error?: Error,
  ): AuditEventInput | undefined {
    const { pluginId, minimumSeverity } = this.#options;
    const { eventId, severityLevel = 'low', request } = options;
    if (
      SEVERITIES.indexOf(severityLevel) < SEVERITIES.indexOf(minimumSeverity)
    ) {
      return undefined;
    }
    const actionType = optionalString(meta, 'actionType');
    const action =
      optionalString(meta, 'action') ??
      `${pluginId}.${eventId}${actionType ? `.${actionType}` : ''}`;
    const metadata = toJson(meta);
    if (actor.metadata) {
      Object.assign(metadata, actor.metadata);
    }
    if (error) {
      const failure: JsonValue = {
        name: String(error.name ?? 'Error'),
        message: String(error.message ?? error),
      };
      metadata.error = failure;
    }
    return {
      source: `plugin:${pluginId}`,
      eventId: randomUUID(),
      timestamp: new Date().toISOString(),
      actorId: actor.recordId,
      actorType: actor.recordType,
      action,
      resourceType: optionalString(meta, 'resourceType'),
      resourceId: optionalString(meta, 'resourceId'),
      tenant: optionalString(meta, 'tenant'),
      outcome,
      severity: severityLevel,
      metadata,
      ip: request?.ip,
      userAgent: request?.get('user-agent'),
      requestId: request ? requestIdOf(request) : undefined,
    };
  }
}
