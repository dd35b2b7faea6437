import { TenantsStores } from '../database/stores';

const DAY_MS = 86_400_000;
/** A device unseen this long is new again (NFR-SEC-006 step-up). */
const KNOWN_DEVICE_DAYS = 90;

/**
 * Forgets what sign-in no longer needs: second-factor challenges and reset
 * tokens and OpenID Connect authorization requests a day after they
 * expired, and the used refresh tokens of sessions
 * that ended a day ago; throttles a day after they stopped mattering, and
 * devices unseen for 90 days. The audit trail keeps the story of each.
 */
export async function cleanSigninRecords(
  stores: TenantsStores,
  now: Date,
): Promise<{
  challenges: number;
  resets: number;
  refreshTokens: number;
  authorizations: number;
  ssoStates: number;
  throttles: number;
  devices: number;
}> {
  const before = new Date(now.getTime() - DAY_MS).toISOString();
  return {
    challenges:
      (await stores.mfa.deleteExpiredChallenges(before)) +
      (await stores.webauthn.deleteExpiredChallenges(before)),
    resets: await stores.signin.deleteExpiredResets(before),
    refreshTokens: await stores.sessions.deleteRotatedTokensOfEndedSessions(
      before,
    ),
    authorizations: await stores.oidc.deleteExpired(before),
    // Pending SSO sign-ins nobody came back to.
    ssoStates: await stores.ssoStates.deleteExpired(before),
    throttles: await stores.signin.deleteStaleThrottles(before),
    devices: await stores.mfa.forgetDevicesUnseenSince(
      new Date(now.getTime() - KNOWN_DEVICE_DAYS * DAY_MS).toISOString(),
    ),
  };
}
