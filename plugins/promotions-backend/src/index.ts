/**
 * The promotions backend plugin: the deployment state of agents and apps,
 * promotion requests with approvals, rules, freezes, drift and rollbacks,
 * under `/api/promotions` (contract in src/schema/openapi.yaml).
 *
 * @packageDocumentation
 */
export {
  promotionsPlugin as default,
  promotionRequestResourceRef,
} from './plugin';
export {
  bindPromotionsStores,
  migratePromotionsDatabase,
} from './database/stores';
