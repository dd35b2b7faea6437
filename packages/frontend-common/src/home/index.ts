export { createHomeCard, homeCardPlacementDataRef } from './createHomeCard';
export type { HomeCardPlacement } from './createHomeCard';
export { HomeCardList } from './HomeCardList';
export type { HomeCardItem } from './HomeCardList';
