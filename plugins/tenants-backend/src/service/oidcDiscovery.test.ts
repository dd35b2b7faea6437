import { lookup } from 'node:dns/promises';
import http from 'node:http';
import { hostname } from 'node:os';
import { AddressInfo } from 'node:net';
import { verifyOidcIssuer } from './oidcDiscovery';
import { isPrivateAddress } from './privateAddress';

describe('verifyOidcIssuer', () => {
  /** A local identity provider that counts the requests it gets. */
  let server: http.Server;
  let issuer: string;
  let requests = 0;
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      requests += 1;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
        }),
      );
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));

  it('accepts a local issuer when private addresses are allowed', async () => {
    await expect(
      verifyOidcIssuer(issuer, { allowPrivateAddresses: true }),
    ).resolves.toEqual({
      authorizationEndpoint: `${issuer}/authorize`,
      tokenEndpoint: `${issuer}/token`,
    });
  });

  it('refuses loopback and private issuers by default, without fetching them', async () => {
    const before = requests;
    for (const url of [
      issuer,
      'https://127.0.0.1:8443',
      'https://10.1.2.3',
      'https://169.254.169.254',
      'https://[::1]:8443',
      'https://[fd00::1]',
    ]) {
      await expect(verifyOidcIssuer(url)).rejects.toThrow(
        /must be on the public internet/,
      );
    }
    expect(requests).toBe(before);
  });

  it('refuses a host name that resolves to a private address, at connect time', async () => {
    // The machine's own name resolves to one of its addresses (here, as on
    // most machines, a loopback or private one): only the lookup made when
    // connecting can tell, the URL alone cannot.
    const name = hostname();
    const resolved = await lookup(name);
    if (!isPrivateAddress(resolved.address)) {
      console.warn(`${name} resolves to a public address; nothing to test`);
      return;
    }
    const port = (server.address() as AddressInfo).port;
    await expect(
      verifyOidcIssuer(`https://${name}:${port}`, { timeoutMs: 2000 }),
    ).rejects.toThrow(
      new RegExp(`public internet.*${name} resolves to ${resolved.address}`),
    );
    // Allowed, the connection is made (and fails: the provider speaks no TLS).
    await expect(
      verifyOidcIssuer(`https://${name}:${port}`, {
        allowPrivateAddresses: true,
        timeoutMs: 2000,
      }),
    ).rejects.toThrow(/unreachable/);
  });

  it('classifies addresses', () => {
    for (const address of [
      '10.0.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '127.0.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '::1',
      'fe80::1',
      'fc00::1',
      '::ffff:10.0.0.1',
    ]) {
      expect({ address, private: isPrivateAddress(address) }).toEqual({
        address,
        private: true,
      });
    }
    for (const address of ['8.8.8.8', '172.32.0.1', '2001:4860::8888']) {
      expect({ address, private: isPrivateAddress(address) }).toEqual({
        address,
        private: false,
      });
    }
  });
});
