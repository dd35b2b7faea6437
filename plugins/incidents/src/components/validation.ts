import { checkTenant } from '@controlplane/frontend-common';

/**
 * What the contract accepts, checked in the forms so bad input is refused
 * with a clear message before the backend sees it. Each check throws an
 * Error saying what is wrong.
 */

const USER_REF =
  /^user:[a-z0-9][a-z0-9-]{0,62}\/[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const ENTITY_REF =
  /^[a-z][a-z0-9-]*:([a-z0-9][a-z0-9-]{0,62}\/)?[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** The most affected tenants, entities or watchers the contract takes. */
const MAX_ITEMS = 50;

/** Comma-separated values, trimmed, without blanks and repeats. */
const listOf = (text: string) => [
  ...new Set(
    text
      .split(',')
      .map(item => item.trim())
      .filter(Boolean),
  ),
];

const checked = (
  label: string,
  text: string,
  check: (item: string) => string,
) => {
  const items = listOf(text).map(check);
  if (items.length > MAX_ITEMS) {
    throw new Error(`At most ${MAX_ITEMS} ${label}`);
  }
  return items;
};

/** A user, as `user:default/sam` or just `sam`. */
export function checkUserRef(text: string): string {
  const trimmed = text.trim();
  const ref = trimmed.includes(':') ? trimmed : `user:default/${trimmed}`;
  if (!USER_REF.test(ref)) {
    throw new Error(`"${trimmed}" is not a user, e.g. user:default/sam`);
  }
  return ref;
}

/** A user or nobody (blank): `null` clears an assignee or commander. */
export const checkOptionalUserRef = (text: string) =>
  text.trim() ? checkUserRef(text) : null;

/** Comma-separated users, e.g. `user:default/sam, oscar`. */
export const checkUserRefs = (text: string) =>
  checked('watchers', text, checkUserRef);

/** Comma-separated tenants, e.g. `acme, globex`. */
export const checkTenants = (text: string) =>
  checked('tenants', text, checkTenant);

/**
 * Comma-separated catalog entities, e.g. `agent:default/support-triage`;
 * the default namespace is added where none is given, as the catalog names
 * them (its pages ask for incidents by the full ref).
 */
export const checkEntityRefs = (text: string) =>
  checked('entities', text, ref => {
    if (!ENTITY_REF.test(ref)) {
      throw new Error(
        `"${ref}" is not a catalog entity, e.g. agent:default/support-triage`,
      );
    }
    return ref.includes('/') ? ref : ref.replace(':', ':default/');
  });

/** A title: not blank, at most 200 characters. */
export function checkTitle(text: string): string {
  const title = text.trim();
  if (!title) throw new Error('A title is required');
  if (title.length > 200)
    throw new Error('The title is longer than 200 characters');
  return title;
}
