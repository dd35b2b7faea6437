import { HttpAuthService } from '@backstage/backend-plugin-api';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import {
  looksLikeAppToken,
  matchRateLimit,
  scopeAllows,
} from '@controlplane/plugin-apps-common';
import {
  attachAppPrincipal,
  getAppPrincipal,
} from '@controlplane/backend-common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  AppCredentialRejectedError,
  AppCredentialVerifier,
  AppPrincipal,
} from './AppCredentialVerifier';
import { RateLimit, RateLimiter } from './RateLimiter';
import { UsageOutcome, UsageRecorder } from './UsageRecorder';

/** Who besides apps may call a route. */
export type BackstagePrincipalType = 'user' | 'service';

export interface AppAuthAcceptOptions {
  /** The scope an app credential needs for the route, e.g. `audit:write`. */
  scope: string;
  /**
   * Backstage principals the route also accepts (checked with
   * `httpAuth.credentials`); `[]` (the default) accepts apps only.
   */
  allowBackstage?: BackstagePrincipalType[];
}

/**
 * What a backend plugin uses to accept app credentials on its routes
 * (`appCredentialsServiceRef`).
 */
export interface AppCredentialsService {
  /**
   * Middleware for a route that accepts apps: an app token is verified, its
   * scope checked and its rate limit applied, then the route runs with the
   * app attached to the request (`caller`); any other caller must be one of
   * `allowBackstage`. The plugin must let such paths through Backstage's own
   * credentials check: `httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' })`.
   */
  accept(options: AppAuthAcceptOptions): RequestHandler;
  /** The app that made the request, or undefined for any other caller. */
  caller(req: Request): AppPrincipal | undefined;
  /**
   * Throws NotAllowedError when the request comes from an app whose
   * credential does not serve `tenant`; does nothing for other callers.
   */
  assertTenant(req: Request, tenant: string): void;
  /** Verifies a token directly (without a request); see AppCredentialVerifier. */
  verify(token: string): Promise<AppPrincipal>;
}

export interface AppAuthOptions {
  verifier: AppCredentialVerifier;
  limiter: RateLimiter;
  usage: UsageRecorder;
  httpAuth: HttpAuthService;
  /** For calls no rule of the app matches (`apps.rateLimits.default`). */
  defaultRateLimit: RateLimit;
}

function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** The routes of a plugin that accept apps, as one service. */
export class AppAuth implements AppCredentialsService {
  constructor(private readonly options: AppAuthOptions) {}

  accept(acceptOptions: AppAuthAcceptOptions): RequestHandler {
    const { scope } = acceptOptions;
    const allow = acceptOptions.allowBackstage ?? [];
    return (req: Request, res: Response, next: NextFunction) => {
      this.handle(req, res, scope, allow).then(
        proceed => proceed && next(),
        error => next(error),
      );
    };
  }

  caller(req: Request): AppPrincipal | undefined {
    return getAppPrincipal(req);
  }

  assertTenant(req: Request, tenant: string): void {
    const app = getAppPrincipal(req);
    if (app && !app.tenants.includes(tenant)) {
      throw new NotAllowedError(
        `The credential of app ${app.appName} does not serve tenant ${tenant}`,
      );
    }
  }

  verify(token: string): Promise<AppPrincipal> {
    return this.options.verifier.verify(token);
  }

  /** Resolves true when the route may run, false when already answered. */
  private async handle(
    req: Request,
    res: Response,
    scope: string,
    allow: BackstagePrincipalType[],
  ): Promise<boolean> {
    const token = bearerToken(req);
    if (!token) {
      // Backstage's httpAuth would answer 403 for "none" credentials.
      throw new AuthenticationError(
        'Missing credentials: send Authorization: Bearer <clientId>.<secret>',
      );
    }
    if (!looksLikeAppToken(token)) {
      if (allow.length === 0) {
        throw new AuthenticationError(
          'This endpoint accepts app credentials only: send Authorization: Bearer <clientId>.<secret>',
        );
      }
      await this.options.httpAuth.credentials(req, { allow });
      return true;
    }

    const { verifier, limiter } = this.options;
    const path = `${req.baseUrl}${req.path}`;
    let app: AppPrincipal;
    try {
      app = await verifier.verify(token);
    } catch (error) {
      if (error instanceof AppCredentialRejectedError && error.credentialId) {
        this.countOnFinish(req, res, error.credentialId);
      }
      throw error;
    }
    this.countOnFinish(req, res, app.credentialId);

    if (!scopeAllows(app.scopes, scope)) {
      throw new NotAllowedError(`This credential lacks the scope ${scope}`);
    }

    const rule = matchRateLimit(verifier.rateLimitRules(app.appId), path);
    const limit = rule ?? this.options.defaultRateLimit;
    const decision = await limiter.consume(
      `${app.appId}:${rule?.routePattern ?? 'default'}`,
      limit,
    );
    if (!decision.allowed) {
      const message = `Rate limit of app ${app.appName} exceeded: ${
        limit.limitPerMinute
      } calls per minute, bursts of ${limit.burst}${
        rule ? ` on ${rule.routePattern}` : ''
      }; retry in ${decision.retryAfterSeconds} s`;
      res
        .status(429)
        .set('Retry-After', String(decision.retryAfterSeconds))
        .json({
          error: { name: 'RateLimitedError', message },
          request: { method: req.method, url: req.originalUrl },
          response: { statusCode: 429 },
        });
      return false;
    }

    attachAppPrincipal(req, app);
    return true;
  }

  /** Counts the call in the credential's usage once the answer is sent. */
  private countOnFinish(req: Request, res: Response, credentialId: string) {
    const baseUrl = req.baseUrl;
    const path = req.path;
    res.once('finish', () => {
      // The matched route's pattern, so `/logs/:id` counts as one endpoint.
      const route = (req.route as { path?: unknown } | undefined)?.path;
      const endpoint = `${req.method} ${baseUrl}${
        typeof route === 'string' ? route : path
      }`;
      const status = res.statusCode;
      let outcome: UsageOutcome = 'successful';
      if (status === 429) outcome = 'rateLimited';
      else if (status >= 400) outcome = 'failed';
      this.options.usage.record(credentialId, endpoint, outcome);
    });
  }
}
