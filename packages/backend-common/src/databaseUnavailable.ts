import { ServiceUnavailableError } from '@backstage/errors';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ErrorRequestHandler } from 'express';

/** Socket errors of a database connection that cannot be made or broke. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * PostgreSQL's SQLSTATEs for a server that is going away or cannot take the
 * connection: class 08 (connection exception), 57P01-57P03 (shutdown,
 * crash, starting up) and 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATES = /^(08\d{3}|57P0[123]|53300)$/;

const CONNECTION_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'Client has encountered a connection error and is not queryable',
  'Knex: Timeout acquiring a connection',
];

/**
 * Whether `error` says the database cannot be reached or the connection
 * died, as knex and pg report it: knex's `KnexTimeoutError` (no connection
 * within `acquireConnectionTimeout`), a socket error of the connection
 * (`ECONNREFUSED`, `ECONNRESET`, `ETIMEDOUT`, `EPIPE`, `ENOTFOUND`,
 * `EAI_AGAIN`, ...), pg's messages for a connection that ended, and
 * PostgreSQL's SQLSTATEs of class 08, 57P01-57P03 and 53300. Wrapped errors
 * count too: `cause` (and an `AggregateError`'s `errors`) are looked
 * through a few levels. Query errors (constraint violations, syntax errors,
 * serialization failures), SQLite's errors and Backstage's own errors do
 * not count. Such a request may succeed when retried, so it deserves a 503
 * rather than a 500.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  return isUnavailable(error, 0);
}

const MAX_DEPTH = 5;

function isUnavailable(error: unknown, depth: number): boolean {
  if (depth >= MAX_DEPTH || !error || typeof error !== 'object') {
    return false;
  }
  const { name, code, message, cause, errors } = error as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (name === 'KnexTimeoutError') return true;
  if (
    typeof code === 'string' &&
    (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code))
  ) {
    return true;
  }
  if (
    typeof message === 'string' &&
    CONNECTION_MESSAGES.some(known => message.includes(known))
  ) {
    return true;
  }
  if (
    Array.isArray(errors) &&
    errors.slice(0, 10).some(inner => isUnavailable(inner, depth + 1))
  ) {
    return true;
  }
  return isUnavailable(cause, depth + 1);
}

/** Seconds a client should wait before retrying after such a 503. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * An express error handler that turns a database outage
 * ({@link isDatabaseUnavailableError}) into a `ServiceUnavailableError`
 * ("The database is not reachable; retry shortly", the original error as
 * its `cause`) with a `Retry-After: 5` header, and passes that on with
 * `next` to Backstage's error middleware, which logs it and answers 503 in
 * the usual error shape. The cause is not enumerable, so the answer does
 * not carry it (it names the database's address); `logger` gets it. Other
 * errors, and any error once the headers are sent, pass on unchanged.
 */
export function databaseUnavailableErrorHandler(
  logger?: LoggerService,
): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent || !isDatabaseUnavailableError(error)) {
      next(error);
      return;
    }
    logger?.warn(
      `Database unavailable for ${req.method} ${req.originalUrl}`,
      error instanceof Error ? error : { error: String(error) },
    );
    res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    const converted = new ServiceUnavailableError(
      'The database is not reachable; retry shortly',
    );
    // Not passed to the constructor: that would append the cause's message
    // (with the address) to the message, and serializing it would send it.
    Object.defineProperty(converted, 'cause', {
      value: error,
      enumerable: false,
      writable: true,
      configurable: true,
    });
    next(converted);
  };
}
