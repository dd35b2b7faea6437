import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  PageAccessApi,
  pageAccessApiRef,
  PermissionReach,
} from './PageAccessApi';
import { RequirePageAccess } from './RequirePageAccess';

/**
 * The shell's answer: the user holds exactly `held`. Like a backend, it
 * answers in a later task, so React applies the answer while the test waits
 * for it (inside findBy), not while the test app is still being set up.
 */
const holding = (held: string[]) => {
  const reach = jest.fn(
    (names: string[]) =>
      new Promise<Record<string, PermissionReach>>(resolve =>
        setTimeout(() =>
          resolve(
            Object.fromEntries(
              names.map(name => [
                name,
                held.includes(name) ? 'everywhere' : 'none',
              ]),
            ),
          ),
        ),
      ),
  );
  const api: PageAccessApi = { reach };
  return { api, reach };
};

const renderAt = (path: string, api: PageAccessApi) =>
  renderInTestApp(
    <RequirePageAccess
      permission="rbac.role.read"
      openPaths={['invitations/accept']}
    >
      <h1>The page</h1>
    </RequirePageAccess>,
    { apis: [[pageAccessApiRef, api]], initialRouteEntries: [path] },
  );

describe('RequirePageAccess', () => {
  it('shows the page to a user who holds its permission', async () => {
    await renderAt('/rbac', holding(['rbac.role.read']).api);
    expect(
      await screen.findByRole('heading', { name: 'The page' }),
    ).toBeInTheDocument();
  });

  it('tells a user who lacks the permission which one the page needs', async () => {
    await renderAt('/rbac', holding([]).api);
    expect(
      await screen.findByText('You need permission to open this page'),
    ).toBeInTheDocument();
    expect(screen.getByText('rbac.role.read')).toBeInTheDocument();
    expect(screen.queryByText('The page')).not.toBeInTheDocument();
  });

  it('opens the views every signed-in user may open without asking', async () => {
    const { api, reach } = holding([]);
    await renderAt('/tenants/invitations/accept', api);
    expect(
      await screen.findByRole('heading', { name: 'The page' }),
    ).toBeInTheDocument();
    expect(reach).not.toHaveBeenCalled();
  });

  it('opens a page of several permissions to a holder of any one', async () => {
    const { api } = holding(['flags.tenant.read']);
    await renderInTestApp(
      <RequirePageAccess permission={['flags.flag.read', 'flags.tenant.read']}>
        <h1>The page</h1>
      </RequirePageAccess>,
      { apis: [[pageAccessApiRef, api]], initialRouteEntries: ['/flags'] },
    );
    expect(
      await screen.findByRole('heading', { name: 'The page' }),
    ).toBeInTheDocument();
  });

  it('names every permission of such a page to a user who holds none', async () => {
    await renderInTestApp(
      <RequirePageAccess permission={['flags.flag.read', 'flags.tenant.read']}>
        <h1>The page</h1>
      </RequirePageAccess>,
      {
        apis: [[pageAccessApiRef, holding([]).api]],
        initialRouteEntries: ['/flags'],
      },
    );
    expect(
      await screen.findByText('You need permission to open this page'),
    ).toBeInTheDocument();
    expect(screen.getByText('flags.flag.read')).toBeInTheDocument();
    expect(screen.getByText('flags.tenant.read')).toBeInTheDocument();
    expect(screen.queryByText('The page')).not.toBeInTheDocument();
  });
});
