import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { useApi } from '@backstage/frontend-plugin-api';
import catalogGraphPlugin from '@backstage/plugin-catalog-graph/alpha';
import {
  ALL_RELATIONS,
  catalogGraphApiRef,
} from '@backstage/plugin-catalog-graph';
import { catalogGraphModuleControlPlane } from './catalogGraphModule';

/** Prints the catalog graph API the app ends up with. */
const GraphApiProbe = () => {
  const api = useApi(catalogGraphApiRef);
  return (
    <dl>
      <dt>known</dt>
      <dd data-testid="known">{JSON.stringify(api.knownRelations)}</dd>
      <dt>pairs</dt>
      <dd data-testid="pairs">{JSON.stringify(api.knownRelationPairs)}</dd>
      <dt>default</dt>
      <dd data-testid="default">{JSON.stringify(api.defaultRelations)}</dd>
    </dl>
  );
};

const graphApiIn = async (features: Parameters<typeof renderInTestApp>[1]) => {
  renderInTestApp(<GraphApiProbe />, features);
  const read = async (id: string) =>
    JSON.parse((await screen.findByTestId(id)).textContent!);
  return {
    knownRelations: (await read('known')) as string[],
    knownRelationPairs: (await read('pairs')) as [string, string][],
    defaultRelations: (await read('default')) as string[],
  };
};

describe('catalogGraphModuleControlPlane', () => {
  it('teaches the catalog graph plugin the control-plane relations', async () => {
    const api = await graphApiIn({
      features: [catalogGraphPlugin, catalogGraphModuleControlPlane],
    });

    expect(api.knownRelations).toEqual(
      expect.arrayContaining([
        'hasDeployment',
        'deploymentOf',
        'servedBy',
        'servesTenant',
      ]),
    );
    // The built-in relations are kept.
    expect(api.knownRelations).toEqual(expect.arrayContaining(ALL_RELATIONS));
    expect(api.knownRelationPairs).toEqual(
      expect.arrayContaining([
        ['hasDeployment', 'deploymentOf'],
        ['servedBy', 'servesTenant'],
        ['ownerOf', 'ownedBy'],
      ]),
    );
    // Drawn by default, not only after the user ticks them.
    expect(api.defaultRelations).toEqual(
      expect.arrayContaining(['hasDeployment', 'servedBy']),
    );
  });

  it('is what makes the difference: the plugin alone does not know them', async () => {
    const api = await graphApiIn({ features: [catalogGraphPlugin] });

    expect(api.knownRelations).not.toContain('hasDeployment');
    expect(api.knownRelations).not.toContain('servedBy');
  });
});
