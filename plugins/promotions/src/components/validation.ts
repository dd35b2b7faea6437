/**
 * What the contract accepts, checked in the forms so bad input is refused
 * with a clear message before the backend sees it. Each check throws an
 * Error saying what is wrong.
 */

const TARGET =
  /^(agent|app):([a-z0-9][a-z0-9-]{0,62}\/)?[a-z0-9][a-z0-9._-]{0,62}$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
const ENTITY_REF =
  /^(user|group):[a-z0-9][a-z0-9-]{0,62}\/[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export function checkTarget(text: string): string {
  const target = text.trim();
  if (!TARGET.test(target)) {
    throw new Error(
      `"${target}" is not an agent or app, e.g. agent:default/support-triage`,
    );
  }
  return target;
}

export function checkVersion(text: string): string {
  const version = text.trim();
  if (!VERSION.test(version)) {
    throw new Error(`"${version}" is not a version, e.g. 1.4.2`);
  }
  return version;
}

/** A number from `min` to `max` (integers only with `integer`), or undefined when blank. */
export function checkNumber(
  label: string,
  text: string,
  min: number,
  max: number,
  integer = false,
): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  if (
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw new Error(
      `${label} must be ${
        integer ? 'a whole number' : 'a number'
      } from ${min} to ${max}`,
    );
  }
  return value;
}

/** Comma-separated user or group refs, e.g. `group:default/release-managers`. */
export function checkEntityRefs(text: string): string[] {
  const refs = text
    .split(',')
    .map(ref => ref.trim())
    .filter(Boolean);
  for (const ref of refs) {
    if (!ENTITY_REF.test(ref)) {
      throw new Error(
        `"${ref}" is not a user or group, e.g. group:default/release-managers`,
      );
    }
  }
  if (refs.length > 20) throw new Error('At most 20 users or groups');
  return refs;
}
