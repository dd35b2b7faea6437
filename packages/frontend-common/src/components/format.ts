import { DateTime, Duration } from 'luxon';

/** An ISO 8601 time in the user's locale; `—` when absent, as is when unparsable. */
export function formatTime(iso?: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/**
 * A span of time, shortly, in its largest whole unit: `under a minute`,
 * `12 min`, `3 h`, `2 d`.
 */
export function formatDuration(milliseconds: number): string {
  const span = Duration.fromMillis(Math.max(0, milliseconds)).shiftTo(
    'days',
    'hours',
    'minutes',
    'seconds',
  );
  if (span.days >= 1) return `${span.days} d`;
  if (span.hours >= 1) return `${span.hours} h`;
  if (span.minutes >= 1) return `${span.minutes} min`;
  return 'under a minute';
}

/** How long ago `iso` was, shortly: `just now`, `12 min`, `3 h`, `2 d`. */
export function formatAge(iso: string, now = Date.now()): string {
  const age = now - DateTime.fromISO(iso).toMillis();
  return age < 60_000 ? 'just now' : formatDuration(age);
}

/** A user, group or entity ref without the default namespace: `user:april`. */
export const shortRef = (ref: string) => ref.replace(/:default\//, ':');

/** The items of a comma-separated list, trimmed, without empty ones. */
export const splitCommaList = (text: string): string[] =>
  text
    .split(',')
    .map(item => item.trim())
    .filter(item => item.length > 0);
