import { HomePageDefaultConfigItem } from '@backstage/plugin-home-react/alpha';

/** The home grid's width in columns. */
const GRID_COLUMNS = 12;

/** A card the user may see, with where it asks to go. */
export interface PlacedCard {
  name: string;
  order: number;
  width: number;
  height: number;
}

/**
 * A new user's home page: the configured items of the first row (the search
 * bar) stay on top; then the cards this user may see, by `order`, filling
 * rows left to right; then the rest of the configured items (starred
 * entities, recent visits...), moved down below the cards. Users rearrange
 * it from there; "Restore defaults" brings this back.
 */
export function roleHomeConfig(
  configured: HomePageDefaultConfigItem[],
  cards: PlacedCard[],
): HomePageDefaultConfigItem[] {
  const top = configured.filter(item => item.row === 0);
  const rest = configured.filter(item => item.row !== 0);
  const cardsStart = Math.max(0, ...top.map(item => item.row + item.height));
  const placed: HomePageDefaultConfigItem[] = [];
  let column = 0;
  let row = cardsStart;
  let rowHeight = 0;
  const ordered = [...cards].sort(
    (a, b) => a.order - b.order || a.name.localeCompare(b.name),
  );
  for (const card of ordered) {
    const width = Math.min(Math.max(1, card.width), GRID_COLUMNS);
    if (column + width > GRID_COLUMNS) {
      row += rowHeight;
      column = 0;
      rowHeight = 0;
    }
    placed.push({
      component: card.name,
      column,
      row,
      width,
      height: card.height,
    });
    column += width;
    rowHeight = Math.max(rowHeight, card.height);
  }
  const cardsEnd = row + rowHeight;
  const restStart = Math.min(...rest.map(item => item.row));
  const shift = rest.length > 0 ? cardsEnd - restStart : 0;
  return [
    ...top,
    ...placed,
    ...rest.map(item => ({ ...item, row: item.row + Math.max(0, shift) })),
  ];
}
