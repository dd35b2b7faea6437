import { once } from 'node:events';
import { createServer, Server } from 'node:http';

/**
 * An OpenID Connect issuer for tests: the identity provider of the
 * production configuration is outside the system, and the backend fetches
 * its discovery document when it starts. Serves the discovery document and
 * an empty key set; nobody signs in through it.
 */
export class FakeOidcIssuer {
  private constructor(
    private readonly server: Server,
    /** The issuer, `http://127.0.0.1:<port>`. */
    readonly url: string,
  ) {}

  /** Starts it on a free port of 127.0.0.1. */
  static async start(): Promise<FakeOidcIssuer> {
    let issuer = '';
    const server = createServer((req, res) => {
      if (req.url === '/.well-known/openid-configuration') {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            issuer,
            authorization_endpoint: `${issuer}/authorize`,
            token_endpoint: `${issuer}/token`,
            userinfo_endpoint: `${issuer}/userinfo`,
            jwks_uri: `${issuer}/jwks`,
            response_types_supported: ['code'],
            subject_types_supported: ['public'],
            id_token_signing_alg_values_supported: ['RS256'],
          }),
        );
        return;
      }
      if (req.url === '/jwks') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys: [] }));
        return;
      }
      res.statusCode = 404;
      res.end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    if (!address || typeof address === 'string') {
      throw new Error('OIDC issuer has no port');
    }
    issuer = `http://127.0.0.1:${address.port}`;
    return new FakeOidcIssuer(server, issuer);
  }

  /** The URL of its discovery document. */
  get metadataUrl(): string {
    return `${this.url}/.well-known/openid-configuration`;
  }

  /** Stops it. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise(resolve => this.server.close(resolve));
  }
}
