export {
  createHomeCard,
  homeCardPlacementDataRef,
  isInAudience,
} from './createHomeCard';
export type { HomeCardAudience, HomeCardPlacement } from './createHomeCard';
export { HomeCardList, itemDetails } from './HomeCardList';
export type { HomeCardItem } from './HomeCardList';
