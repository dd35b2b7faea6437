import { roleHomeConfig } from './roleHomeConfig';

const searchBar = {
  component: 'HomePageSearchBar',
  column: 0,
  row: 0,
  width: 12,
  height: 2,
  deletable: false,
};
const starred = {
  component: 'HomePageStarredEntities',
  column: 0,
  row: 2,
  width: 6,
  height: 3,
};
const recent = {
  component: 'HomePageRecentlyVisited',
  column: 6,
  row: 2,
  width: 6,
  height: 3,
};

describe('roleHomeConfig', () => {
  it('puts the cards between the first row and the rest, in order, filling rows', () => {
    const config = roleHomeConfig(
      [searchBar, starred, recent],
      [
        { name: 'Summary', order: 200, width: 12, height: 4 },
        { name: 'AtRisk', order: 100, width: 6, height: 6 },
        { name: 'Waiting', order: 0, width: 6, height: 5 },
      ],
    );
    expect(config).toEqual([
      searchBar,
      { component: 'Waiting', column: 0, row: 2, width: 6, height: 5 },
      { component: 'AtRisk', column: 6, row: 2, width: 6, height: 6 },
      // The row is as high as its highest card.
      { component: 'Summary', column: 0, row: 8, width: 12, height: 4 },
      { ...starred, row: 12 },
      { ...recent, row: 12 },
    ]);
  });

  it('orders cards of the same order by name, and keeps widths within the grid', () => {
    const config = roleHomeConfig(
      [],
      [
        { name: 'b', order: 1, width: 20, height: 2 },
        { name: 'a', order: 1, width: 0, height: 2 },
      ],
    );
    expect(config).toEqual([
      { component: 'a', column: 0, row: 0, width: 1, height: 2 },
      { component: 'b', column: 0, row: 2, width: 12, height: 2 },
    ]);
  });

  it('leaves the configured page as it is for a user with no cards', () => {
    expect(roleHomeConfig([searchBar, starred, recent], [])).toEqual([
      searchBar,
      starred,
      recent,
    ]);
  });
});
