import {
  AuthenticationError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { attachTenantUserPrincipal } from '@controlplane/backend-common';
import { Request, Response } from 'express';
import {
  RequestContext,
  SigninFailedError,
  SigninService,
  TenantAccess,
  TooManyAttemptsError,
} from '../../signin/SigninService';
import type { TenantsRouteDeps } from '../router';

/** What the sign-in routes share: the request's context, tokens and actor. */

export const contextOf = (req: Request): RequestContext => ({
  ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
  userAgent: req.get('user-agent') ?? undefined,
});

export const bearerOf = (req: Request): string => {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) {
    throw new AuthenticationError(
      'Send the access token as Authorization: Bearer <access token>',
    );
  }
  return match[1];
};

/** Answers Retry-After with a 429 (Backstage's error handler sets no headers). */
export async function withRetryAfter<T>(res: Response, run: () => Promise<T>) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof TooManyAttemptsError) {
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
    }
    throw error;
  }
}

/** Sign-in, or 503 when `tenants.secretKey` is not configured. */
export function signinOf(deps: TenantsRouteDeps): SigninService {
  if (!deps.signin) {
    throw new ServiceUnavailableError(
      'Tenant sign-in is off: tenants.secretKey is not configured',
    );
  }
  return deps.signin;
}

/** Names the tenant user as the actor of the request's audit record. */
export const actAs = (req: Request, tenant: string, userId: string) =>
  attachTenantUserPrincipal(req, { type: 'tenant-user', tenant, userId });

/** The tenant user of the bearer access token, attached for the audit record. */
export async function accessOf(
  signin: SigninService,
  req: Request,
): Promise<TenantAccess> {
  const access = await signin.verifyAccessToken(bearerOf(req));
  actAs(req, access.tenant, access.userId);
  return access;
}

/** A failure that locked an account gets its own record. */
export async function auditLockout(
  audited: TenantsRouteDeps['audited'],
  req: Request,
  error: unknown,
  tenant?: string,
) {
  if (error instanceof SigninFailedError && error.lockedOut) {
    await audited(
      req,
      {
        eventId: 'signin-lockout',
        severityLevel: 'high',
        meta: { tenant: tenant ?? null, resourceType: 'tenant-user' },
      },
      async () => ({ result: undefined, audit: { ip: contextOf(req).ip } }),
    );
  }
}
