/**
 * What the REST contract does not say about roles. Roles themselves, the
 * policy snapshot and explanations are the contract's types (`Role`,
 * `PolicySnapshot`, `Explanation`, see ./generated).
 */

/** Role names: lower-case words joined by dashes, like `platform-admin`. */
export const ROLE_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The role that may do everything; the last member can never be removed. */
export const PLATFORM_ADMIN_ROLE = 'platform-admin';
