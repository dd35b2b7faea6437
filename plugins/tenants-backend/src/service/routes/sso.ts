import { ServiceUnavailableError } from '@backstage/errors';
import { Request, Response } from 'express';
import { TenantSso } from '../../signin/TenantSso';
import type { TenantsRouteDeps, TenantsRouter } from '../router';
import { actAs, contextOf, signinOf } from './signinRequest';

/** Binds a pending SSO sign-in to the browser that started it. */
const STATE_COOKIE = 'tenant_sso_state';

function stateCookie(sso: TenantSso, value: string, maxAgeSeconds: number) {
  const callback = new URL(sso.redirectUri);
  return [
    `${STATE_COOKIE}=${value}`,
    `Path=${callback.pathname.replace(/\/callback$/, '')}`,
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    // Sent on the identity provider's top-level redirect back.
    'SameSite=Lax',
    ...(callback.protocol === 'https:' ? ['Secure'] : []),
  ].join('; ');
}

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** The callback's query as plain strings (repeated parameters left out). */
function callbackParams(req: Request): Record<string, string | undefined> {
  const params: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(req.query)) {
    if (typeof value === 'string') params[key] = value;
  }
  return params;
}

/**
 * Sign-in through the tenant's own OpenID Connect identity provider: the
 * browser starts here, goes to the provider, and comes back to the
 * callback, which continues where the portal's login left off. Both steps
 * are audited; the callback's record names the tenant user when known.
 */
export function ssoRoutes(router: TenantsRouter, deps: TenantsRouteDeps) {
  const { audited } = deps;
  const ssoOf = () => {
    signinOf(deps);
    if (!deps.sso || !deps.authorization) {
      throw new ServiceUnavailableError('Single sign-on is off');
    }
    return { sso: deps.sso, authorization: deps.authorization };
  };

  router.get('/auth/sso/start', async (req, res: Response) => {
    const { sso } = ssoOf();
    const tenant = String(req.query.tenant);
    const request =
      typeof req.query.request === 'string' ? req.query.request : undefined;
    const { url, state } = await audited(
      req,
      {
        eventId: 'sso-signin-start',
        severityLevel: 'low',
        meta: { tenant, resourceType: 'tenant-sso', method: 'sso' },
      },
      () => sso.start(tenant, request, contextOf(req)),
    );
    res.setHeader('Set-Cookie', stateCookie(sso, state, 600));
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, url);
  });

  router.get('/auth/sso/callback', async (req, res: Response) => {
    const { sso, authorization } = ssoOf();
    const identity = await sso.identify(
      callbackParams(req),
      cookieOf(req, STATE_COOKIE),
    );
    // Used up either way.
    res.setHeader('Set-Cookie', stateCookie(sso, '', 0));
    res.setHeader('Cache-Control', 'no-store');
    if (identity.account) {
      actAs(req, identity.account.tenant.name, identity.account.user.id);
    }
    const done = await audited(
      req,
      {
        eventId: 'signin',
        severityLevel: 'medium',
        meta: {
          tenant: identity.tenant?.name ?? null,
          resourceType: 'tenant-session',
          method: 'sso',
          email: identity.email ?? null,
        },
      },
      () => sso.signIn(identity, contextOf(req)),
    );
    res.redirect(
      303,
      await authorization.completeBrowserSignin(
        done.tokens,
        done.authorizationRequest,
      ),
    );
  });
}
