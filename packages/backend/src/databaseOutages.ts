import { isDatabaseUnavailableError } from '@controlplane/backend-common';

/**
 * Keeps the process running through a PostgreSQL outage.
 *
 * A background loop that loses its connection while the database is down
 * can leave a rejected promise nobody listens to (the events bus listener
 * of `@backstage/plugin-events-backend` does, when its reconnect fails),
 * and Node then ends the process: every instance would die with the
 * database instead of answering 503 until it is back. Such rejections are
 * logged and the process goes on; any other unhandled rejection still ends
 * it, as Node's default does.
 */
export function surviveDatabaseOutages(
  log: (message: string) => void = message =>
    process.stderr.write(`${message}\n`),
): void {
  process.on('unhandledRejection', reason => {
    if (isDatabaseUnavailableError(reason)) {
      log(
        `Database unavailable in a background task (it retries by itself): ${reason}`,
      );
      return;
    }
    throw reason;
  });
}
