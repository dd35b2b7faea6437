import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityPresentationApiRef } from '@backstage/plugin-catalog-react';
import { fakeEntityPresentationApi, renderWithApis } from '../testUtils';
import {
  EntityName,
  EntityNames,
  nonCatalogRefText,
  useEntityNameText,
} from './EntityName';

const render = (element: JSX.Element) => renderWithApis(element, { apis: [] });

describe('EntityName', () => {
  it('shows a catalog entity by its title, linked to its catalog page', async () => {
    await render(<EntityName entityRef="group:default/team-apps" />);
    const link = await screen.findByRole('link', { name: 'Apps team' });
    expect(link).toHaveAttribute('href', '/catalog/default/group/team-apps');
    expect(screen.queryByText('group:default/team-apps')).toBeNull();
  });

  it('reads a short ref and a default kind as the catalog does', async () => {
    await render(
      <>
        <EntityName entityRef="user:ada" />
        <EntityName entityRef="oscar" defaultKind="user" />
      </>,
    );
    expect(
      await screen.findByRole('link', { name: 'Ada Admin' }),
    ).toHaveAttribute('href', '/catalog/default/user/ada');
    expect(
      screen.getByRole('link', { name: 'Oscar Operator' }),
    ).toHaveAttribute('href', '/catalog/default/user/oscar');
  });

  it('shows an entity the catalog does not know by its short ref, still as a link', async () => {
    await render(<EntityName entityRef="user:default/ghost" />);
    expect(await screen.findByRole('link', { name: 'ghost' })).toHaveAttribute(
      'href',
      '/catalog/default/user/ghost',
    );
  });

  it('links a managed app (kind App of the catalog) to its entity', async () => {
    await render(<EntityName entityRef="app:billing-sync" />);
    expect(
      await screen.findByRole('link', { name: 'billing-sync' }),
    ).toHaveAttribute('href', '/catalog/default/app/billing-sync');
  });

  it('names actors that are not catalog entities in words, without a link', async () => {
    await render(
      <ul>
        <li>
          <EntityName entityRef="tenant-user:acme/u-17" />
        </li>
        <li>
          <EntityName entityRef="plugin:tenants" />
        </li>
        <li>
          <EntityName entityRef="external:ci-bot" />
        </li>
        <li>
          <EntityName entityRef="customer-42" />
        </li>
      </ul>,
    );
    const tenantUser = await screen.findByText('u-17 (acme tenant user)');
    expect(screen.queryByRole('link')).toBeNull();
    expect(tenantUser).toHaveAttribute('title', 'tenant-user:acme/u-17');
    expect(screen.getByText('tenants plugin')).toBeVisible();
    expect(screen.getByText('ci-bot (external service)')).toBeVisible();
    expect(screen.getByText('customer-42')).toBeVisible();
  });

  it('shows the name alone when told not to link, e.g. inside a button', async () => {
    await render(
      <button type="button">
        <EntityName entityRef="user:default/sam" link={false} />
      </button>,
    );
    expect(
      await screen.findByRole('button', { name: 'Sam Support' }),
    ).toBeVisible();
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('shows the name without a link when the catalog pages are not installed', async () => {
    await renderInTestApp(<EntityName entityRef="group:default/team-apps" />, {
      apis: [[entityPresentationApiRef, fakeEntityPresentationApi()]],
    });
    expect(await screen.findByText('Apps team')).toBeVisible();
    expect(screen.queryByRole('link')).toBeNull();
  });
});

describe('EntityNames', () => {
  it('lists the names separated by commas', async () => {
    await render(
      <p data-testid="names">
        <EntityNames
          entityRefs={['group:default/operators', 'plugin:incidents']}
        />
      </p>,
    );
    expect(
      await screen.findByRole('link', { name: 'Operators' }),
    ).toHaveAttribute('href', '/catalog/default/group/operators');
    expect(screen.getByTestId('names')).toHaveTextContent(
      'Operators, incidents plugin',
    );
  });

  it('says none, or what it is told, for no refs', async () => {
    await render(
      <>
        <p data-testid="default">
          <EntityNames entityRefs={[]} />
        </p>
        <p data-testid="given">
          <EntityNames entityRefs={[]} empty="nobody" />
        </p>
      </>,
    );
    expect(await screen.findByTestId('default')).toHaveTextContent(/^none$/);
    expect(screen.getByTestId('given')).toHaveTextContent(/^nobody$/);
  });
});

describe('useEntityNameText', () => {
  const Label = (props: { entityRef: string }) => (
    <span data-testid={props.entityRef}>
      {useEntityNameText(props.entityRef)}
    </span>
  );

  it('is the name as text, for labels', async () => {
    await render(
      <>
        <Label entityRef="user:default/april" />
        <Label entityRef="plugin:billing" />
      </>,
    );
    expect(await screen.findByTestId('user:default/april')).toHaveTextContent(
      'April Approver',
    );
    expect(screen.getByTestId('plugin:billing')).toHaveTextContent(
      'billing plugin',
    );
  });
});

describe('nonCatalogRefText', () => {
  it('is undefined for refs of catalog kinds, in any case', () => {
    for (const ref of [
      'user:default/ada',
      'Group:team-apps',
      'agent:support-triage',
      'tenant:acme',
      'deployment:default/x',
    ]) {
      expect(nonCatalogRefText(ref)).toBeUndefined();
    }
    expect(nonCatalogRefText('ada', 'user')).toBeUndefined();
  });

  it('reads the other actors of the portal', () => {
    expect(nonCatalogRefText('tenant-user:globex/9f')).toBe(
      '9f (globex tenant user)',
    );
    expect(nonCatalogRefText('plugin:audit')).toBe('audit plugin');
    expect(nonCatalogRefText('service:external:ci')).toBe(
      'external:ci service',
    );
    expect(nonCatalogRefText('anonymous')).toBe('anonymous');
    expect(nonCatalogRefText('crm:contact/7')).toBe('crm:contact/7');
  });
});
