export {
  createHomeCard,
  homeCardPlacementDataRef,
  isInAudience,
} from './createHomeCard';
export type { HomeCardAudience, HomeCardPlacement } from './createHomeCard';
export { HomeCardList } from './HomeCardList';
export type { HomeCardItem } from './HomeCardList';
