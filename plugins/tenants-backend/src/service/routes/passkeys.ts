import type {
  AuthenticationResponseJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { Request } from 'express';
import { toTenant } from '../../database/rows';
import { Passkeys } from '../../signin/Passkeys';
import type { TenantsRouteDeps, TenantsRouter } from '../router';
import { signinAnswer } from './oidc';
import {
  accessOf,
  actAs,
  auditLockout,
  contextOf,
  signinOf,
  withRetryAfter,
} from './signinRequest';

/**
 * Passkeys (WebAuthn) as the second factor of tenant users: the
 * assertion that completes a sign-in, the registration that completes the
 * enrolment an organization requires or adds a passkey for a signed-in
 * user, and the user's list of passkeys. Each state change is one audit
 * record whose actor is the tenant user.
 */
export function passkeysRoutes(router: TenantsRouter, deps: TenantsRouteDeps) {
  const { audited } = deps;
  const servicesOf = () => {
    const signin = signinOf(deps);
    return { signin, passkeys: deps.passkeys as Passkeys };
  };

  /**
   * The account of an open sign-in challenge, attached as the actor; none
   * when it is not open (the audited step then records the refusal).
   */
  const challengeActor = async (
    req: Request,
    mfaToken: string,
    purpose: 'verify' | 'enroll',
  ) => {
    const account = await servicesOf()
      .signin.challengeAccount(mfaToken, purpose, contextOf(req))
      .catch(() => undefined);
    if (account) actAs(req, account.tenant.name, account.user.id);
    return account;
  };

  router.post('/auth/mfa/webauthn/authenticate/options', async (req, res) => {
    const { signin, passkeys } = servicesOf();
    const mfaToken = req.body.mfa_token;
    const account = await signin.challengeAccount(
      mfaToken,
      'verify',
      contextOf(req),
    );
    res.setHeader('Cache-Control', 'no-store');
    res.json(
      await passkeys.authenticationOptions({
        userId: account.user.id,
        mfaToken,
      }),
    );
  });

  router.post('/auth/mfa/webauthn/authenticate', async (req, res) => {
    const { signin, passkeys } = servicesOf();
    const mfaToken = req.body.mfa_token;
    const response = req.body.response as AuthenticationResponseJSON;
    const account = await challengeActor(req, mfaToken, 'verify');
    const tokens = await withRetryAfter(res, () =>
      audited(
        req,
        {
          eventId: 'signin-second-factor',
          severityLevel: 'medium',
          meta: {
            tenant: account?.tenant.name ?? null,
            resourceType: 'tenant-session',
            method: 'webauthn',
          },
        },
        () =>
          signin.completeChallengeWith(
            { mfaToken, purpose: 'verify' },
            contextOf(req),
            'webauthn',
            ({ user }) =>
              passkeys.authenticate({ userId: user.id, mfaToken }, response),
          ),
      ),
    ).catch(async error => {
      await auditLockout(audited, req, error, account?.tenant.name);
      throw error;
    });
    res.setHeader('Cache-Control', 'no-store');
    res.json(await signinAnswer(deps, req, tokens));
  });

  router.post('/auth/mfa/webauthn/register/options', async (req, res) => {
    const { signin, passkeys } = servicesOf();
    const mfaToken = req.body.mfa_token;
    // An enrolment challenge's user, else the signed-in user adding one.
    const userId = mfaToken ? undefined : (await accessOf(signin, req)).userId;
    const account = userId
      ? await signin.activeAccount(userId, contextOf(req))
      : await signin.challengeAccount(mfaToken!, 'enroll', contextOf(req));
    res.setHeader('Cache-Control', 'no-store');
    res.json(
      await passkeys.registrationOptions(
        { userId: account.user.id, mfaToken },
        account.user,
      ),
    );
  });

  router.post('/auth/mfa/webauthn/register', async (req, res) => {
    const { signin, passkeys } = servicesOf();
    const { mfa_token: mfaToken, name } = req.body;
    const response = req.body.response as RegistrationResponseJSON;
    const event = {
      eventId: 'mfa-enroll',
      severityLevel: 'medium' as const,
      meta: { resourceType: 'tenant-user', method: 'webauthn' },
    };
    if (mfaToken) {
      // The enrolment an organization requires: the sign-in completes.
      await challengeActor(req, mfaToken, 'enroll');
      const tokens = await audited(req, event, async () => {
        let credentialId = '';
        const done = await signin.completeChallengeWith(
          { mfaToken, purpose: 'enroll' },
          contextOf(req),
          'webauthn',
          async ({ user }) => {
            credentialId = (
              await passkeys.register(
                { userId: user.id, mfaToken },
                response,
                name,
              )
            ).id;
            return true;
          },
        );
        return {
          result: done.result,
          audit: { ...done.audit, mfaEnrolled: 'webauthn', credentialId },
        };
      });
      res.setHeader('Cache-Control', 'no-store');
      res.json(await signinAnswer(deps, req, tokens));
      return;
    }
    const access = await accessOf(signin, req);
    res.status(201).json(
      await audited(req, event, async () => {
        await signin.activeAccount(access.userId, contextOf(req));
        const added = await passkeys.register(
          { userId: access.userId },
          response,
          name,
        );
        return {
          result: added,
          audit: {
            tenant: access.tenant,
            resourceId: access.userId,
            after: { mfaEnrolled: 'webauthn', credentialId: added.id },
          },
        };
      }),
    );
  });

  router.get('/auth/mfa/webauthn/credentials', async (req, res) => {
    const { signin, passkeys } = servicesOf();
    const access = await accessOf(signin, req);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ items: await passkeys.list(access.userId) });
  });

  router.delete('/auth/mfa/webauthn/credentials/:id', async (req, res) => {
    const { signin, passkeys } = servicesOf();
    const access = await accessOf(signin, req);
    const { id } = req.params;
    await audited(
      req,
      {
        eventId: 'mfa-remove',
        severityLevel: 'medium',
        meta: {
          tenant: access.tenant,
          resourceType: 'tenant-user',
          resourceId: access.userId,
          method: 'webauthn',
        },
      },
      async () => {
        const account = await signin.activeAccount(
          access.userId,
          contextOf(req),
        );
        await passkeys.remove(
          access.userId,
          id,
          toTenant(account.tenant).settings.require2fa,
        );
        return { result: undefined, audit: { before: { credentialId: id } } };
      },
    );
    res.status(204).end();
  });
}
