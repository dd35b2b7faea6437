/** A ratio (0 to 1) as a percentage, e.g. `1.25%`. */
export const percent = (ratio: number) =>
  `${(ratio * 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}%`;

/** A count with thousands separators, e.g. `12,500`. */
export const count = (value: number) =>
  value.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** A duration in milliseconds, e.g. `180 ms`. */
export const millis = (value: number) => `${count(Math.round(value))} ms`;

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** A size in bytes in its largest unit, e.g. `12.5 MB`. */
export function bytes(value: number): string {
  let size = value;
  let unit = 0;
  while (size >= 1024 && unit < UNITS.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${size.toLocaleString('en-US', {
    maximumFractionDigits: unit === 0 ? 0 : 1,
  })} ${UNITS[unit]}`;
}

/** Monthly revenue in its currency, e.g. `€1,250.00` (the code when unknown). */
export function revenue(value: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
    }).format(value);
  } catch {
    return `${count(value)} ${currency}`;
  }
}

/** Two figures of one measure side by side, e.g. `3 / 12`. */
export const pair = (first: number, second: number) =>
  `${count(first)} / ${count(second)}`;

/** A large count in short, e.g. `5.3M` (axis ticks). */
export const compact = (value: number) =>
  value.toLocaleString('en-US', {
    notation: 'compact',
    maximumFractionDigits: 1,
  });
