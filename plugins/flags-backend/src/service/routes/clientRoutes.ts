import { InputError, NotAllowedError } from '@backstage/errors';
import { AnyRequest } from '@controlplane/backend-common';
import { AppCredentialsService } from '@controlplane/plugin-apps-node';
import {
  Environment,
  ErrorCode,
  EvaluationContext,
  FLAG_ENVIRONMENTS,
  FlagEvaluation,
  OfrepEvaluation,
} from '@controlplane/plugin-flags-common';
import { ErrorRequestHandler, Response } from 'express';
import { ChangeStream } from '../ChangeStream';
import { EvaluationMetrics } from '../EvaluationMetrics';
import { FlagConfigCache } from '../FlagConfigCache';
import { answerEtag } from '../FlagSnapshot';
import { FlagsRouter, RouteHelpers } from './types';

/** A request OFREP answers with its own error shape and code. */
export class OfrepRequestError extends Error {
  constructor(
    readonly errorCode: Extract<ErrorCode, 'INVALID_CONTEXT' | 'PARSE_ERROR'>,
    message: string,
  ) {
    super(message);
    this.name = 'OfrepRequestError';
  }
}

/** Whether If-None-Match names the current ETag (or `*`). */
function isNotModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map(tag => tag.trim().replace(/^W\//, ''))
    .some(tag => tag === etag || tag === '*');
}

/** An evaluation as OFREP answers it (success or a flag's error). */
function toOfrep(evaluation: FlagEvaluation): OfrepEvaluation {
  if (evaluation.errorCode) {
    return {
      key: evaluation.key,
      errorCode: evaluation.errorCode,
      errorDetails: evaluation.errorDetails,
    };
  }
  return {
    key: evaluation.key,
    value: evaluation.value,
    reason: evaluation.reason,
    variant: evaluation.variant,
    metadata: {
      layer: evaluation.layer!,
      ...(evaluation.ruleIndex !== undefined
        ? { ruleIndex: evaluation.ruleIndex }
        : {}),
      ...(evaluation.lifecycle ? { lifecycle: evaluation.lifecycle } : {}),
    },
  };
}

/**
 * Answers OFREP's error shape for what went wrong on an OFREP route before
 * or outside evaluation: a request the contract refuses is a PARSE_ERROR;
 * authentication, permission and rate limit errors keep their status and
 * Backstage's shape (the providers read the status).
 */
export const ofrepErrorHandler: ErrorRequestHandler = (
  error,
  req,
  res,
  next,
) => {
  let errorCode: string | undefined;
  if (error instanceof OfrepRequestError) errorCode = error.errorCode;
  else if (error instanceof InputError || error?.name === 'InputError') {
    errorCode = 'PARSE_ERROR';
  }
  if (!errorCode) {
    next(error);
    return;
  }
  // A single flag's error names the flag (the providers require it).
  const flagKey = /^\/v1\/evaluate\/flags\/([^/]+)$/.exec(req.path)?.[1];
  res.status(400).json({
    ...(flagKey ? { key: decodeURIComponent(flagKey) } : {}),
    errorCode,
    errorDetails: String(error.message),
  });
};

/**
 * The routes of managed apps (`flags:read`, authenticated before these
 * handlers): bulk flags with ETags, the change stream and OFREP.
 */
export function clientRoutes(
  router: FlagsRouter,
  deps: {
    helpers: RouteHelpers;
    appCredentials: AppCredentialsService;
    cache: FlagConfigCache;
    stream: ChangeStream;
    metrics: EvaluationMetrics;
    defaultEnvironment: Environment;
    maxAgeSeconds: number;
  },
) {
  const { appCredentials, cache, metrics, defaultEnvironment } = deps;
  const cacheControl = `private, max-age=${deps.maxAgeSeconds}`;

  /**
   * The tenant an app asks for: named (and one it serves: else 403), or the
   * only one its credential serves. Backend services must name it.
   */
  async function tenantOf(
    req: AnyRequest,
    requested: string | undefined,
    invalid: (message: string) => Error,
  ): Promise<string> {
    const app = appCredentials.caller(req);
    if (!app) {
      // Not an app: `accept` let only Backstage services through.
      await deps.helpers.serviceCredentialsOf(req);
      if (!requested) throw invalid('Name the tenant');
      return requested;
    }
    if (requested !== undefined) {
      appCredentials.assertTenant(req, requested);
      return requested;
    }
    if (app.tenants.length === 1) return app.tenants[0];
    if (app.tenants.length === 0) {
      throw new NotAllowedError(
        `The credential of app ${app.appName} serves no active tenant`,
      );
    }
    throw invalid(
      `Name the tenant: the credential of app ${app.appName} serves ${app.tenants.length} tenants`,
    );
  }

  /**
   * The environment asked for, else the app's own (its registration in the
   * apps plugin), else the configured default.
   */
  function environmentOf(req: AnyRequest, requested: unknown): unknown {
    if (requested !== undefined) return requested;
    const own = appCredentials.caller(req)?.environment;
    return own && FLAG_ENVIRONMENTS.includes(own as Environment)
      ? own
      : defaultEnvironment;
  }

  function count(
    req: AnyRequest,
    tenant: string,
    evaluations: FlagEvaluation[],
  ) {
    const app = appCredentials.caller(req);
    if (!app) return;
    metrics.record(
      app.appName,
      tenant,
      evaluations.filter(evaluation => !evaluation.errorCode).map(e => e.key),
    );
  }

  function setCaching(res: Response, etag: string) {
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', cacheControl);
  }

  router.get('/client/flags', async (req, res) => {
    let extra: EvaluationContext = {};
    if (req.query.context) {
      try {
        extra = JSON.parse(req.query.context);
      } catch {
        throw new InputError('context must be a JSON object');
      }
      if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) {
        throw new InputError('context must be a JSON object');
      }
    }
    const tenant = await tenantOf(
      req,
      req.query.tenant,
      m => new InputError(m),
    );
    const environment = environmentOf(
      req,
      req.query.environment,
    ) as Environment;
    const context: EvaluationContext = {
      ...extra,
      ...(req.query.targetingKey
        ? { targetingKey: req.query.targetingKey }
        : {}),
      tenant,
      environment,
    };
    const snapshot = await cache.current();
    const etag = answerEtag(
      snapshot.fingerprint(tenant, environment),
      'client',
      context,
    );
    setCaching(res, etag);
    if (isNotModified(req.headers['if-none-match'], etag)) {
      const app = appCredentials.caller(req);
      if (app) {
        metrics.record(
          app.appName,
          tenant,
          snapshot.flags
            .filter(flag => flag.environments.includes(environment))
            .map(flag => flag.key),
        );
      }
      res.status(304).end();
      return;
    }
    const evaluations = snapshot.evaluateAll(tenant, environment, context);
    count(req, tenant, evaluations);
    res.json({
      tenant,
      environment,
      flags: Object.fromEntries(
        evaluations.map(evaluation => [evaluation.key, evaluation]),
      ),
    });
  });

  router.get('/client/stream', async (req, res) => {
    const tenant = await tenantOf(
      req,
      req.query.tenant,
      m => new InputError(m),
    );
    const app = appCredentials.caller(req);
    const token = req.headers.authorization?.replace(/^Bearer\s+/i, '') ?? '';
    await deps.stream.open(
      res,
      tenant,
      environmentOf(req, req.query.environment) as Environment,
      {
        holder: app ? `app:${app.appName}` : 'service',
        // Re-verified against the current credential snapshot: a revoked
        // credential or a tenant the app no longer reaches ends the stream.
        stillAllowed: async () =>
          !app ||
          (await appCredentials.verify(token).then(
            principal => principal.tenants.includes(tenant),
            () => false,
          )),
      },
    );
  });

  /** The tenant and environment an OFREP context names. */
  async function ofrepScope(
    req: AnyRequest,
    context: EvaluationContext,
  ): Promise<{ tenant: string; environment: Environment }> {
    if (context.tenant !== undefined && typeof context.tenant !== 'string') {
      throw new OfrepRequestError('INVALID_CONTEXT', 'tenant must be a string');
    }
    const environment = environmentOf(req, context.environment);
    if (!FLAG_ENVIRONMENTS.includes(environment as Environment)) {
      throw new OfrepRequestError(
        'INVALID_CONTEXT',
        `environment must be one of ${FLAG_ENVIRONMENTS.join(', ')}`,
      );
    }
    const tenant = await tenantOf(
      req,
      context.tenant as string | undefined,
      message => new OfrepRequestError('INVALID_CONTEXT', message),
    );
    return { tenant, environment: environment as Environment };
  }

  router.post('/ofrep/v1/evaluate/flags/:key', async (req, res) => {
    const context = req.body?.context ?? {};
    const { tenant, environment } = await ofrepScope(req, context);
    const snapshot = await cache.current();
    const evaluation =
      snapshot.evaluate(req.params.key, tenant, environment, {
        ...context,
        tenant,
        environment,
      }) ?? undefined;
    if (!evaluation || evaluation.errorCode === 'FLAG_NOT_FOUND') {
      res.status(404).json({
        key: req.params.key,
        errorCode: 'FLAG_NOT_FOUND',
        errorDetails: `No flag ${req.params.key}`,
      });
      return;
    }
    if (evaluation.errorCode) {
      res.status(400).json(toOfrep(evaluation));
      return;
    }
    count(req, tenant, [evaluation]);
    res.json(toOfrep(evaluation));
  });

  router.post('/ofrep/v1/evaluate/flags', async (req, res) => {
    const context = req.body?.context ?? {};
    const { tenant, environment } = await ofrepScope(req, context);
    const fullContext = { ...context, tenant, environment };
    const snapshot = await cache.current();
    const etag = answerEtag(
      snapshot.fingerprint(tenant, environment),
      'ofrep',
      fullContext,
    );
    res.setHeader('ETag', etag);
    if (isNotModified(req.headers['if-none-match'], etag)) {
      res.status(304).end();
      return;
    }
    const evaluations = snapshot.evaluateAll(tenant, environment, fullContext);
    count(req, tenant, evaluations);
    res.json({ flags: evaluations.map(toOfrep) });
  });
}
