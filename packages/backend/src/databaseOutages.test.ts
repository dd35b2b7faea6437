import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The guard is process-wide, so each case runs in a child process that
 * installs it and leaves one promise rejected without a listener.
 */
function childWithRejection(reason: string) {
  const script = `
    const { surviveDatabaseOutages } = require(${JSON.stringify(
      path.join(__dirname, 'databaseOutages.ts'),
    )});
    surviveDatabaseOutages(message => console.log(message));
    Promise.reject(${reason});
    setTimeout(() => console.log('still running'), 0);
  `;
  return spawnSync(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      '-e',
      script,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
}

describe('surviveDatabaseOutages', () => {
  it('keeps running when a background task loses the database', () => {
    const result = childWithRejection(
      "Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })",
    );
    expect(result.stdout).toContain(
      'Database unavailable in a background task (it retries by itself): Error: connect ECONNREFUSED',
    );
    expect(result.stdout).toContain('still running');
    expect(result.status).toBe(0);
  });

  it('still ends the process on any other unhandled rejection', () => {
    const result = childWithRejection("new Error('a real bug')");
    expect(result.stdout).not.toContain('still running');
    expect(result.stderr).toContain('a real bug');
    expect(result.status).toBe(1);
  });
});
