import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** An account of the test identity provider. */
export interface TestIdpAccount {
  email: string;
  /** True unless false. */
  email_verified?: boolean;
}

/**
 * Starts a real OpenID provider (oidc-provider, see oidcProvider.mjs) in a
 * child process: one confidential client with this redirect URI, and these
 * accounts, which sign in without a page when the authorization request's
 * `login_hint` names them. Answers its issuer URL and a stop function.
 */
export async function startOidcProvider(options: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accounts: TestIdpAccount[];
  /**
   * Puts the e-mail claims into the ID token too; by default they are in
   * userinfo only, as conformant providers do when they issue an access
   * token.
   */
  emailInIdToken?: boolean;
}): Promise<{ issuer: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(__dirname, 'oidcProvider.mjs')], {
    env: { ...process.env, OIDC_TEST_PROVIDER: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  let stderr = '';
  child.stderr.on('data', chunk => {
    stderr += String(chunk);
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', chunk => {
      stdout += String(chunk);
      const match = /^OIDC_ISSUER=(\S+)$/m.exec(stdout);
      if (match) resolve(match[1]);
    });
    child.once('exit', code =>
      reject(new Error(`The test OpenID provider exited (${code}): ${stderr}`)),
    );
  });
  return {
    issuer,
    stop: async () => {
      if (child.exitCode === null) child.kill();
      await exited;
    },
  };
}
