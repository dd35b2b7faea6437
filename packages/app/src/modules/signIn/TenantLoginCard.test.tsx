import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { IdentityApi } from '@backstage/frontend-plugin-api';
import { DemoSignInPage } from './DemoSignInPage';
import { tenantLoginAuthApiRef } from './tenantLoginAuthApi';
import { fakeBackend, json } from '../../testing/fakeBackend';

const FLAG = 'controlplane.tenantLogin';
const OWNER = 'user:tenant-acme/0b6f3f0e-3f5a-4c61-9d8e-2f1f7f3f9a10';

/**
 * The tenant login API as the app's OAuth2 client answers it: a session
 * after the popup (or silently while one lasts), refused otherwise.
 */
function tenantLoginApi(outcome: 'session' | 'none' | Error) {
  const api = {
    getBackstageIdentity: jest.fn(async () => {
      if (outcome instanceof Error) throw outcome;
      if (outcome === 'none') return undefined;
      return {
        id: OWNER,
        token: 'backstage-token',
        identity: {
          type: 'user' as const,
          userEntityRef: OWNER,
          ownershipEntityRefs: [OWNER, 'group:tenant-acme/org-owner'],
        },
      };
    }),
    getProfile: jest.fn(async () => ({
      displayName: 'Tina Owner',
      email: 'tina@acme.example',
    })),
    signIn: jest.fn(async () => {}),
    signOut: jest.fn(async () => {}),
  };
  return api;
}

function renderPage(api: ReturnType<typeof tenantLoginApi>) {
  const onSignInSuccess = jest.fn<void, [IdentityApi]>();
  renderInTestApp(<DemoSignInPage onSignInSuccess={onSignInSuccess} />, {
    apis: [
      [tenantLoginAuthApiRef, api as unknown as typeof tenantLoginAuthApiRef.T],
    ],
  });
  return { onSignInSuccess };
}

describe('tenant login on the local sign-in page', () => {
  let fetchMock: jest.SpyInstance;

  beforeEach(() => {
    window.sessionStorage.clear();
    fetchMock = fakeBackend({
      '/api/auth/demo-users': () =>
        json({
          items: [
            { name: 'ada', displayName: 'Ada Admin', role: 'platform-admin' },
          ],
        }),
    });
  });

  afterEach(() => fetchMock.mockRestore());

  it('signs in with the popup of the organization sign-in', async () => {
    const api = tenantLoginApi('session');
    const { onSignInSuccess } = renderPage(api);

    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Sign in with your organization',
      }),
    );

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    expect(api.getBackstageIdentity).toHaveBeenCalledWith({
      instantPopup: true,
    });
    const identity = onSignInSuccess.mock.calls[0][0];
    expect(await identity.getBackstageIdentity()).toEqual(
      expect.objectContaining({
        userEntityRef: OWNER,
        ownershipEntityRefs: [OWNER, 'group:tenant-acme/org-owner'],
      }),
    );
    expect(await identity.getProfileInfo()).toEqual(
      expect.objectContaining({ displayName: 'Tina Owner' }),
    );
    expect(window.sessionStorage.getItem(FLAG)).toBe('true');

    // Signing out ends the session and shows the sign-in page next time.
    await identity.signOut();
    expect(api.signOut).toHaveBeenCalled();
    expect(window.sessionStorage.getItem(FLAG)).toBeNull();
  });

  it('shows why the organization refused the sign-in', async () => {
    const refused = new Error(
      'Only owners and administrators of an organization sign into the portal',
    );
    refused.name = 'NotAllowedError';
    const { onSignInSuccess } = renderPage(tenantLoginApi(refused));

    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Sign in with your organization',
      }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Only owners and administrators of an organization sign into the portal',
    );
    expect(onSignInSuccess).not.toHaveBeenCalled();
    expect(window.sessionStorage.getItem(FLAG)).toBeNull();
    // The demo users stay on offer.
    expect(screen.getByText('Ada Admin')).toBeInTheDocument();
  });

  it('resumes the session of this tab without a popup', async () => {
    window.sessionStorage.setItem(FLAG, 'true');
    const api = tenantLoginApi('session');
    const { onSignInSuccess } = renderPage(api);

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    expect(api.getBackstageIdentity).toHaveBeenCalledWith({ optional: true });
    expect(screen.queryByText('Ada Admin')).not.toBeInTheDocument();
  });

  it('shows the sign-in page when the session of this tab is gone', async () => {
    window.sessionStorage.setItem(FLAG, 'true');
    const { onSignInSuccess } = renderPage(tenantLoginApi('none'));

    expect(await screen.findByText('Ada Admin')).toBeInTheDocument();
    expect(onSignInSuccess).not.toHaveBeenCalled();
    expect(window.sessionStorage.getItem(FLAG)).toBeNull();
  });
});
