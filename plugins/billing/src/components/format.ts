/** An amount of money, e.g. `12.50 USD`. */
export const money = (amount: number, currency = 'USD') =>
  `${amount.toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })} ${currency}`;

/** A quantity with thousands separators, e.g. `1,250,000`. */
export const quantity = (value: number) =>
  value.toLocaleString('en-US', { maximumFractionDigits: 4 });

/**
 * A number typed in a form: the value, or why it is refused (empty, not a
 * number, out of range).
 */
export function parseAmount(
  text: string,
  bounds: { min: number; max: number; label: string },
): { value?: number; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { error: `${bounds.label} is required` };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) {
    return { error: `${bounds.label} must be a number` };
  }
  if (value < bounds.min || value > bounds.max) {
    return {
      error: `${bounds.label} must be between ${quantity(
        bounds.min,
      )} and ${quantity(bounds.max)}`,
    };
  }
  return { value };
}
