import { Config } from '@backstage/config';

/**
 * A number of app-config within bounds, or its default when not set: a
 * value out of bounds stops the backend at start with a message naming the
 * key, rather than running with a setting nobody meant.
 */
export function readBoundedNumber(
  config: Config,
  key: string,
  fallback: number,
  [min, max]: [number, number],
  options: { wholeNumber?: boolean } = {},
): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  const whole = options.wholeNumber ?? false;
  if (
    !Number.isFinite(value) ||
    (whole && !Number.isInteger(value)) ||
    value < min ||
    value > max
  ) {
    throw new Error(
      `${key} must be ${
        whole ? 'a whole number' : 'a number'
      } within ${min}..${max}`,
    );
  }
  return value;
}
