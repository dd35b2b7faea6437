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
 * Whether `error` (or an error it wraps in `cause`) says the database
 * cannot be reached or the connection died, as knex and pg report it: the
 * request may succeed when retried, so it deserves a 503 rather than a 500.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (typeof current !== 'object') return false;
    const { name, code, message, cause } = current as {
      name?: unknown;
      code?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (name === 'KnexTimeoutError') return true;
    if (typeof code === 'string') {
      if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code)) {
        return true;
      }
    }
    if (
      typeof message === 'string' &&
      CONNECTION_MESSAGES.some(known => message.includes(known))
    ) {
      return true;
    }
    current = cause;
  }
  return false;
}

/** Seconds a client should wait before retrying after such a 503. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * An express error handler that turns database outages into 503 Service
 * Unavailable (`Retry-After: 5`), passed on to Backstage's error middleware
 * so the answer keeps the usual error shape. The original error (with the
 * database's address) is logged, not sent. Other errors pass unchanged.
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
      `Database unavailable for ${req.method} ${req.originalUrl}: ${error}`,
    );
    res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    next(
      new ServiceUnavailableError(
        'The database is not reachable; retry shortly',
      ),
    );
  };
}
