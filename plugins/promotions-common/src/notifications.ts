/**
 * The topics of the promotions plugin's notifications. Stable ids: users
 * mute a topic in their notification settings, and the notifications page
 * groups by it.
 */
export const PROMOTION_NOTIFICATION_TOPICS = {
  /** A request waits for a decision of its approver groups. */
  waiting: 'promotion-waiting',
  /** The requester's request was approved, rejected, applied or expired. */
  decided: 'promotion-decided',
  /** A promotion was applied (to whoever its rules name). */
  applied: 'promotion-applied',
} as const;

/** One of {@link PROMOTION_NOTIFICATION_TOPICS}. */
export type PromotionNotificationTopic =
  (typeof PROMOTION_NOTIFICATION_TOPICS)[keyof typeof PROMOTION_NOTIFICATION_TOPICS];

/** The portal page of one promotion request, where it is decided. */
export const promotionRequestPath = (requestId: string): string =>
  `/promotions/requests/${encodeURIComponent(requestId)}`;
