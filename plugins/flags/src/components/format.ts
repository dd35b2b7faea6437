import { FlagType } from '@controlplane/plugin-flags-common';

/** A variant's value as text: strings as they are, the rest as JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The value typed into a field, as a value of the flag's type; throws with
 * a message saying what is wrong.
 */
export function parseValue(type: FlagType, text: string): unknown {
  const trimmed = text.trim();
  switch (type) {
    case 'boolean':
      if (trimmed === 'true') return true;
      if (trimmed === 'false') return false;
      throw new Error(`"${text}" is not true or false`);
    case 'number': {
      const number = Number(trimmed);
      if (trimmed === '' || !Number.isFinite(number)) {
        throw new Error(`"${text}" is not a number`);
      }
      return number;
    }
    case 'object': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(trimmed);
      } catch {
        throw new Error(`"${text}" is not JSON`);
      }
      if (
        typeof parsed !== 'object' ||
        parsed === null ||
        Array.isArray(parsed)
      ) {
        throw new Error(`"${text}" is not a JSON object`);
      }
      return parsed;
    }
    default:
      return text;
  }
}

/** `key=value` lines as an object; blank lines are skipped. */
export function parseAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const at = trimmed.indexOf('=');
    if (at <= 0) throw new Error(`"${trimmed}" is not key=value`);
    attributes[trimmed.slice(0, at).trim()] = trimmed.slice(at + 1).trim();
  }
  return attributes;
}
