/**
 * How the notifications page and settings name what the portal's plugins
 * send. Topic ids (e.g. `promotion-waiting`) are stable and defined in each
 * plugin's -common package; their names here are derived from the id.
 */

/** The portal's plugins as the origin of their notifications. */
export const ORIGIN_NAMES: Record<string, string> = {
  'plugin:promotions': 'Promotions',
  'plugin:incidents': 'Incidents',
  'plugin:billing': 'Billing',
  'plugin:tenants': 'Tenants',
  'plugin:apps': 'Apps',
};

/** `promotion-waiting` → `Promotion waiting`. */
export function topicTitle(topic: string): string {
  const words = topic.replace(/[-_:.]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : topic;
}
