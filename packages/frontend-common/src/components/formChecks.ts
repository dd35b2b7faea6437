/**
 * Checks of form input that several plugins' forms share: each returns the
 * value as the backends take it, or throws an Error saying what is wrong
 * (which `useDialogForm` shows in the form).
 */

const TENANT = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A tenant name, e.g. `acme` (lower-case letters, digits, dashes). */
export function checkTenant(text: string): string {
  const tenant = text.trim();
  if (!TENANT.test(tenant)) {
    throw new Error(
      `"${tenant}" is not a tenant name (lower-case letters, digits, dashes)`,
    );
  }
  return tenant;
}

/** The value of a `datetime-local` field as an ISO time; throws naming the field. */
export function localTimeToIso(label: string, local: string): string {
  const date = new Date(local);
  if (!local || Number.isNaN(date.getTime())) {
    throw new Error(`${label} is not a date and time`);
  }
  return date.toISOString();
}
