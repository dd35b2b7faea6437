import type { Constraint, EvaluationContext } from '../generated';
import semverCompare from 'semver/functions/compare';
import semverValid from 'semver/functions/valid';

/**
 * A context value a constraint cannot use: OFREP's PARSE_ERROR (a number or
 * version that does not parse) or INVALID_CONTEXT (not a scalar).
 */
export class EvaluationError extends Error {
  constructor(
    readonly errorCode:
      | 'PARSE_ERROR'
      | 'INVALID_CONTEXT'
      | 'TARGETING_KEY_MISSING',
    message: string,
  ) {
    super(message);
    this.name = 'EvaluationError';
  }
}

function numberOf(attribute: string, value: string | number): number {
  const parsed = typeof value === 'number' ? value : Number(value.trim());
  if (typeof value === 'string' && value.trim() === '') {
    throw new EvaluationError(
      'PARSE_ERROR',
      `Context attribute ${attribute} is not a number`,
    );
  }
  if (!Number.isFinite(parsed)) {
    throw new EvaluationError(
      'PARSE_ERROR',
      `Context attribute ${attribute} is not a number`,
    );
  }
  return parsed;
}

function versionOf(attribute: string, value: string) {
  const version = semverValid(value);
  if (!version) {
    throw new EvaluationError(
      'PARSE_ERROR',
      `Context attribute ${attribute} is not a semantic version`,
    );
  }
  return version;
}

/**
 * Whether a constraint holds for the context. A missing attribute fails every
 * operator except `not_in`; a number or semver operator on a value that does
 * not parse throws PARSE_ERROR.
 */
export function constraintHolds(
  constraint: Constraint,
  context: EvaluationContext,
): boolean {
  const raw = context[constraint.attribute];
  if (raw === undefined || raw === null) {
    return constraint.operator === 'not_in';
  }
  if (
    typeof raw !== 'string' &&
    typeof raw !== 'number' &&
    typeof raw !== 'boolean'
  ) {
    throw new EvaluationError(
      'INVALID_CONTEXT',
      `Context attribute ${constraint.attribute} must be a string, number or boolean`,
    );
  }
  const text = String(raw);
  const { values } = constraint;
  switch (constraint.operator) {
    case 'in':
      return values.includes(text);
    case 'not_in':
      return !values.includes(text);
    case 'str_contains':
      return values.some(value => text.includes(value));
    case 'str_starts_with':
      return values.some(value => text.startsWith(value));
    case 'str_ends_with':
      return values.some(value => text.endsWith(value));
    case 'num_eq':
    case 'num_gt':
    case 'num_gte':
    case 'num_lt':
    case 'num_lte': {
      const actual = numberOf(
        constraint.attribute,
        typeof raw === 'number' ? raw : text,
      );
      const expected = Number(values[0]);
      switch (constraint.operator) {
        case 'num_eq':
          return actual === expected;
        case 'num_gt':
          return actual > expected;
        case 'num_gte':
          return actual >= expected;
        case 'num_lt':
          return actual < expected;
        default:
          return actual <= expected;
      }
    }
    case 'semver_eq':
    case 'semver_gt':
    case 'semver_lt': {
      const order = semverCompare(
        versionOf(constraint.attribute, text),
        versionOf('value', values[0]),
      );
      if (constraint.operator === 'semver_eq') return order === 0;
      return constraint.operator === 'semver_gt' ? order > 0 : order < 0;
    }
    default:
      return false;
  }
}

/** Why a constraint cannot be stored, or undefined when it can. */
export function constraintProblem(constraint: Constraint): string | undefined {
  const [first] = constraint.values;
  if (constraint.operator.startsWith('num_')) {
    if (
      constraint.values.length !== 1 ||
      !Number.isFinite(Number(first)) ||
      first.trim() === ''
    ) {
      return `${constraint.operator} on ${constraint.attribute} takes one number`;
    }
  }
  if (constraint.operator.startsWith('semver_')) {
    if (constraint.values.length !== 1 || !semverValid(first)) {
      return `${constraint.operator} on ${constraint.attribute} takes one semantic version (e.g. 1.4.0)`;
    }
  }
  return undefined;
}
