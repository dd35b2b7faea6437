import { ServiceUnavailableError } from '@backstage/errors';
import { TokenResponse } from '@controlplane/plugin-tenants-common';
import { Request, Response } from 'express';
import {
  AuthorizationServer,
  CodeReuseError,
  OAuthError,
} from '../../signin/AuthorizationServer';
import { SigninService } from '../../signin/SigninService';
import type { TenantsRouteDeps, TenantsRouter } from '../router';
import { bearerOf, contextOf } from './signinRequest';

/**
 * The answer of a sign-in step that may complete a browser sign-in: with
 * the login page's `authorization_request`, where the browser goes next
 * (the tokens go to the application only); else the tokens themselves.
 */
export async function signinAnswer<T extends object>(
  deps: TenantsRouteDeps,
  req: Request,
  result: T,
): Promise<T | { redirect_to: string }> {
  const request = req.body?.authorization_request;
  if (typeof request !== 'string' || !('access_token' in result)) {
    return result;
  }
  const authorization = authorizationOf(deps);
  return {
    redirect_to: await authorization.completeBrowserSignin(
      result as unknown as TokenResponse,
      request,
    ),
  };
}

function authorizationOf(deps: TenantsRouteDeps): AuthorizationServer {
  if (!deps.authorization || !deps.signin) {
    throw new ServiceUnavailableError(
      'Tenant sign-in is off: tenants.secretKey is not configured',
    );
  }
  return deps.authorization;
}

/** An error answer in OAuth's shape (the typed json() is the 200's). */
const sendUntyped = (res: Response, status: number, body: object) => {
  res.status(status).json(body);
};

const noStore = (res: Response) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
};

/**
 * The OpenID Connect endpoints of tenant sign-in: discovery, the
 * authorization endpoint (to the login page), the token endpoint (OAuth
 * error format) and userinfo.
 */
export function oidcRoutes(router: TenantsRouter, deps: TenantsRouteDeps) {
  const { audited } = deps;
  const signinOf = (): [AuthorizationServer, SigninService] => [
    authorizationOf(deps),
    deps.signin!,
  ];

  router.get('/auth/.well-known/openid-configuration', async (_req, res) => {
    const [authorization] = signinOf();
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(authorization.discovery());
  });

  router.get('/auth/authorize', async (req, res) => {
    const [authorization] = signinOf();
    const params = Object.fromEntries(
      Object.entries(req.query).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
    res.redirect(303, await authorization.authorize(params));
  });

  router.get('/auth/authorize/request', async (req, res) => {
    const [authorization] = signinOf();
    noStore(res);
    res.json(await authorization.describeRequest(req.query.request));
  });

  router.post('/auth/oauth/token', async (req, res) => {
    const [authorization] = signinOf();
    noStore(res);
    try {
      res.json(
        await authorization.token(
          req.body,
          req.headers.authorization,
          contextOf(req),
        ),
      );
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      if (error instanceof CodeReuseError) {
        // An intercepted code, or a client bug: the session ended.
        await audited(
          req,
          {
            eventId: 'authorization-code-reuse',
            severityLevel: 'critical',
            meta: {
              resourceType: 'tenant-session',
              resourceId: error.sessionId,
            },
          },
          async () => ({ result: undefined, audit: { revoked: true } }),
        );
      }
      if (error.status === 401) {
        res.setHeader('WWW-Authenticate', 'Basic realm="tenant sign-in"');
      }
      sendUntyped(res, error.status, {
        error: error.error,
        error_description: error.description,
      });
    }
  });

  router.post('/auth/oauth/revoke', async (req, res) => {
    const [authorization] = signinOf();
    noStore(res);
    try {
      const ended = await authorization.revoke(
        req.body,
        req.headers.authorization,
      );
      if (ended) {
        await audited(
          req,
          {
            eventId: 'signout',
            severityLevel: 'low',
            meta: {
              resourceType: 'tenant-session',
              resourceId: ended.sessionId,
            },
          },
          async () => ({
            result: undefined,
            audit: { revoked: 1, userId: ended.userId, by: 'revocation' },
          }),
        );
      }
      res.status(200).end();
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      if (error.status === 401) {
        res.setHeader('WWW-Authenticate', 'Basic realm="tenant sign-in"');
      }
      sendUntyped(res, error.status, {
        error: error.error,
        error_description: error.description,
      });
    }
  });

  router.get('/auth/userinfo', async (req, res) => {
    const [authorization, signin] = signinOf();
    const access = await Promise.resolve()
      .then(() => signin.verifyAccessToken(bearerOf(req)))
      .catch(() => undefined);
    noStore(res);
    if (!access) {
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      sendUntyped(res, 401, {
        error: {
          name: 'AuthenticationError',
          message: 'Invalid or expired access token',
        },
      });
      return;
    }
    res.json(await authorization.userinfo(access));
  });
}
