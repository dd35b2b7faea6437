import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { IdentityApi } from '@backstage/frontend-plugin-api';
import { DemoSignInPage } from './DemoSignInPage';
import {
  BACKEND,
  backendError,
  callsTo,
  fakeBackend,
  json,
  session,
} from '../../testing/fakeBackend';

const STORAGE_KEY = 'controlplane.demoUser';

const demoUsers = {
  items: [
    { name: 'ada', displayName: 'Ada Admin', role: 'platform-admin' },
    { name: 'audrey', displayName: 'Audrey Auditor', role: 'auditor' },
  ],
};

const renderPage = () => {
  const onSignInSuccess = jest.fn<void, [IdentityApi]>();
  renderInTestApp(<DemoSignInPage onSignInSuccess={onSignInSuccess} />);
  return { onSignInSuccess };
};

describe('DemoSignInPage', () => {
  let fetchMock: jest.SpyInstance;

  beforeEach(() => {
    window.sessionStorage.clear();
  });

  afterEach(() => {
    fetchMock?.mockRestore();
  });

  it('lists the demo users of the backend with their role', async () => {
    fetchMock = fakeBackend({ '/api/auth/demo-users': () => json(demoUsers) });

    renderPage();

    const list = await screen.findByRole('list', { name: 'demo users' });
    const items = within(list).getAllByRole('button');
    expect(items.map(item => item.textContent)).toEqual([
      'Ada Adminplatform-admin · ada',
      'Audrey Auditorauditor · audrey',
    ]);
    expect(within(items[0]).getByText('Ada Admin')).toBeInTheDocument();
    expect(
      within(items[0]).getByText('platform-admin · ada'),
    ).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledWith(`${BACKEND}/api/auth/demo-users`);
  });

  it('signs in as the chosen user through the demo provider', async () => {
    fetchMock = fakeBackend({
      '/api/auth/demo-users': () => json(demoUsers),
      '/api/auth/demo/refresh': ({ headers }) =>
        headers.get('x-controlplane-demo-user') === 'audrey'
          ? session('audrey', 'Audrey Auditor')
          : backendError(401, 'AuthenticationError', 'Unknown demo user'),
    });
    const { onSignInSuccess } = renderPage();

    fireEvent.click(
      await screen.findByRole('button', { name: /Audrey Auditor/ }),
    );

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    const refreshes = callsTo(fetchMock, '/api/auth/demo/refresh');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0].headers.get('x-controlplane-demo-user')).toBe('audrey');
    expect(window.sessionStorage.getItem(STORAGE_KEY)).toBe('audrey');

    const identity = onSignInSuccess.mock.calls[0][0];
    expect(await identity.getBackstageIdentity()).toEqual(
      expect.objectContaining({ userEntityRef: 'user:default/audrey' }),
    );
    expect(await identity.getProfileInfo()).toEqual(
      expect.objectContaining({ displayName: 'Audrey Auditor' }),
    );
  });

  it('signs in again as the user chosen earlier in this tab, without asking', async () => {
    window.sessionStorage.setItem(STORAGE_KEY, 'ada');
    fetchMock = fakeBackend({
      '/api/auth/demo-users': () => json(demoUsers),
      '/api/auth/demo/refresh': () => session('ada', 'Ada Admin'),
    });

    const { onSignInSuccess } = renderPage();

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    expect(
      callsTo(fetchMock, '/api/auth/demo/refresh')[0].headers.get(
        'x-controlplane-demo-user',
      ),
    ).toBe('ada');
    expect(callsTo(fetchMock, '/api/auth/demo-users')).toHaveLength(0);
    expect(
      screen.queryByRole('list', { name: 'demo users' }),
    ).not.toBeInTheDocument();
  });

  it('forgets the chosen user on sign-out, so the picker shows next time', async () => {
    window.sessionStorage.setItem(STORAGE_KEY, 'ada');
    fetchMock = fakeBackend({
      '/api/auth/demo/refresh': () => session('ada', 'Ada Admin'),
    });
    const { onSignInSuccess } = renderPage();
    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());

    await onSignInSuccess.mock.calls[0][0].signOut();

    expect(window.sessionStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('shows an error when the demo users cannot be listed', async () => {
    fetchMock = fakeBackend({
      '/api/auth/demo-users': () =>
        backendError(503, 'ServiceUnavailableError', 'catalog is starting'),
    });

    renderPage();

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not list demo users: HTTP 503',
    );
    expect(
      screen.queryByRole('list', { name: 'demo users' }),
    ).not.toBeInTheDocument();
  });

  it('shows why sign-in failed and lets the user choose another one', async () => {
    window.sessionStorage.setItem(STORAGE_KEY, 'mallory');
    fetchMock = fakeBackend({
      '/api/auth/demo/refresh': () =>
        backendError(401, 'AuthenticationError', 'mallory is not a demo user'),
    });
    const { onSignInSuccess } = renderPage();

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Request failed with 401',
    );
    expect(onSignInSuccess).not.toHaveBeenCalled();

    const chooseAnother = screen.getByRole('link', {
      name: 'Choose another user',
    });
    expect(chooseAnother).toHaveAttribute('href', '/');
    // jsdom does not navigate; the click handler is what matters here.
    chooseAnother.addEventListener('click', e => e.preventDefault());
    fireEvent.click(chooseAnother);
    expect(window.sessionStorage.getItem(STORAGE_KEY)).toBeNull();
  });
});
