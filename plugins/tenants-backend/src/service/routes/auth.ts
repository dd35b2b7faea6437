import { attachTenantUserPrincipal } from '@controlplane/backend-common';
import { Request } from 'express';
import { normalizeEmail } from '../TenantsContext';
import { RefreshReuseError } from '../../signin/SigninService';
import type { TenantsRouteDeps, TenantsRouter } from '../router';
import { signinAnswer } from './oidc';
import {
  accessOf as accessOfSignin,
  auditLockout as auditLockoutOf,
  bearerOf,
  contextOf,
  signinOf as requireSignin,
  withRetryAfter,
} from './signinRequest';

/**
 * Sign-in of tenant users (no portal account): password sign-in, refresh,
 * sign-out, password change, the role's permissions and the signing keys.
 * Each state change is one audit record whose actor is the tenant user
 * the request names.
 */
export function authRoutes(router: TenantsRouter, deps: TenantsRouteDeps) {
  const { audited } = deps;
  const signinOf = () => requireSignin(deps);
  const auditLockout = (req: Request, error: unknown, tenant?: string) =>
    auditLockoutOf(audited, req, error, tenant);

  /**
   * The account the body's e-mail (and tenant) names, attached for the
   * audit record; none for an unknown address (answered like a wrong
   * password later).
   */
  const accountOf = async (req: Request) => {
    const email = normalizeEmail(req.body.email);
    const account = await signinOf().account(email, req.body.tenant);
    if (account) {
      attachTenantUserPrincipal(req, {
        type: 'tenant-user',
        tenant: account.tenant.name,
        userId: account.user.id,
      });
    }
    return { email, account };
  };

  router.post('/auth/login', async (req, res) => {
    const signin = signinOf();
    const { email, account } = await accountOf(req);
    try {
      const tokens = await withRetryAfter(res, () =>
        audited(
          req,
          {
            eventId: 'signin',
            severityLevel: 'medium',
            meta: {
              tenant: account?.tenant.name ?? null,
              resourceType: 'tenant-session',
              method: 'password',
            },
          },
          () =>
            signin.signIn(
              { email, password: req.body.password },
              account,
              contextOf(req),
            ),
        ),
      );
      res.setHeader('Cache-Control', 'no-store');
      res.json(await signinAnswer(deps, req, tokens));
    } catch (error) {
      await auditLockout(req, error, account?.tenant.name);
      throw error;
    }
  });

  /** The tenant user of the access token, attached for the audit record. */
  const accessOf = (req: Request) => accessOfSignin(signinOf(), req);

  router.post('/auth/mfa/verify', async (req, res) => {
    const signin = signinOf();
    const tokens = await withRetryAfter(res, () =>
      audited(
        req,
        {
          eventId: 'signin-second-factor',
          severityLevel: 'medium',
          meta: { resourceType: 'tenant-session' },
        },
        () =>
          signin.completeSecondFactor(
            { mfaToken: req.body.mfa_token, code: req.body.code },
            contextOf(req),
          ),
      ),
    ).catch(async error => {
      await auditLockout(req, error);
      throw error;
    });
    res.setHeader('Cache-Control', 'no-store');
    res.json(await signinAnswer(deps, req, tokens));
  });

  router.post('/auth/mfa/totp/setup', async (req, res) => {
    const signin = signinOf();
    const secret = req.body.mfa_token
      ? await signin.beginEnrolment(req.body.mfa_token, contextOf(req))
      : await signin.beginEnrolmentOf(await accessOf(req));
    res.setHeader('Cache-Control', 'no-store');
    res.json(secret);
  });

  router.post('/auth/mfa/totp/confirm', async (req, res) => {
    const signin = signinOf();
    const { mfa_token: mfaToken, code } = req.body;
    const event = {
      eventId: 'mfa-enroll',
      severityLevel: 'medium' as const,
      meta: { resourceType: 'tenant-user' },
    };
    const answer = mfaToken
      ? await audited(req, event, () =>
          signin.completeEnrolment({ mfaToken, code }, contextOf(req)),
        )
      : await (async () => {
          const access = await accessOf(req);
          return audited(req, event, () =>
            signin.completeEnrolmentOf(access, code),
          );
        })();
    res.setHeader('Cache-Control', 'no-store');
    res.json(
      'access_token' in answer
        ? {
            recovery_codes: answer.recovery_codes,
            ...(await signinAnswer(deps, req, answer)),
          }
        : answer,
    );
  });

  router.post('/auth/token', async (req, res) => {
    const signin = signinOf();
    try {
      const tokens = (
        await signin.refresh(req.body.refresh_token, contextOf(req))
      ).result;
      res.setHeader('Cache-Control', 'no-store');
      res.json(tokens);
    } catch (error) {
      if (error instanceof RefreshReuseError) {
        // A stolen token, or a client bug: either way worth a record.
        await audited(
          req,
          {
            eventId: 'refresh-token-reuse',
            severityLevel: 'critical',
            meta: {
              resourceType: 'tenant-session',
              resourceId: error.sessionId,
            },
          },
          async () => ({ result: undefined, audit: { revoked: true } }),
        );
      }
      throw error;
    }
  });

  router.post('/auth/logout', async (req, res) => {
    const signin = signinOf();
    const access = await accessOf(req);
    res.json(
      await audited(
        req,
        {
          eventId: 'signout',
          severityLevel: 'low',
          meta: { tenant: access.tenant, resourceType: 'tenant-session' },
        },
        () => signin.signOut(access),
      ),
    );
  });

  router.get('/auth/permissions', async (req, res) => {
    const signin = signinOf();
    const access = await signin.verifyAccessToken(bearerOf(req));
    res.json(signin.permissionsOf(access));
  });

  router.post('/auth/password', async (req, res) => {
    const signin = signinOf();
    const { email, account } = await accountOf(req);
    try {
      res.json(
        await withRetryAfter(res, () =>
          audited(
            req,
            {
              eventId: 'password-change',
              severityLevel: 'medium',
              meta: {
                tenant: account?.tenant.name ?? null,
                resourceType: 'tenant-user',
              },
            },
            () =>
              signin.changePassword(
                {
                  email,
                  currentPassword: req.body.currentPassword,
                  newPassword: req.body.newPassword,
                },
                account,
                contextOf(req),
              ),
          ),
        ),
      );
    } catch (error) {
      await auditLockout(req, error, account?.tenant.name);
      throw error;
    }
  });

  const resetsOf = () => {
    signinOf();
    const { resets } = deps;
    if (!resets) throw new Error('Password resets come with tenant sign-in');
    return resets;
  };

  router.post('/auth/password/reset-request', async (req, res) => {
    const resets = resetsOf();
    const { account } = await accountOf(req);
    res.status(202).json(
      await audited(
        req,
        {
          eventId: 'password-reset-request',
          severityLevel: 'medium',
          meta: {
            tenant: account?.tenant.name ?? null,
            resourceType: 'tenant-user',
          },
        },
        () => resets.request(account),
      ),
    );
  });

  router.post('/auth/password/reset', async (req, res) => {
    const resets = resetsOf();
    const account = await resets.accountOfToken(req.body.token);
    if (account) {
      attachTenantUserPrincipal(req, {
        type: 'tenant-user',
        tenant: account.tenant.name,
        userId: account.user.id,
      });
    }
    res.json(
      await audited(
        req,
        {
          eventId: 'password-reset',
          severityLevel: 'high',
          meta: {
            tenant: account?.tenant.name ?? null,
            resourceType: 'tenant-user',
          },
        },
        () => resets.reset(req.body.token, req.body.newPassword),
      ),
    );
  });

  router.get('/auth/jwks.json', async (_req, res) => {
    const signin = signinOf();
    // Verifiers may cache it for a while; new keys are published ahead.
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(await signin.jwks());
  });
}
