import { ConfigReader } from '@backstage/config';
import { AuthResolverContext } from '@backstage/plugin-auth-node';
import { Request } from 'express';
import {
  DEMO_USER_HEADER,
  demoAuthenticator,
  isDemoSignInAllowed,
  isLoopbackAddress,
} from './authenticator';

/** A request with these headers whose socket's peer is `remoteAddress`. */
const withHeaders = (
  headers: Record<string, string>,
  remoteAddress = '127.0.0.1',
) =>
  ({
    header: (name: string) => headers[name.toLowerCase()],
    headers,
    socket: { remoteAddress },
  } as unknown as Request);

describe('isDemoSignInAllowed', () => {
  let savedNodeEnv: string | undefined;

  beforeEach(() => {
    savedNodeEnv = process.env.NODE_ENV;
  });

  afterEach(() => {
    if (savedNodeEnv === undefined) {
      delete process.env.NODE_ENV;
    } else {
      process.env.NODE_ENV = savedNodeEnv;
    }
  });

  const setNodeEnv = (value: string | undefined) => {
    if (value === undefined) {
      delete process.env.NODE_ENV;
    } else {
      process.env.NODE_ENV = value;
    }
  };

  it.each([['development'], ['test']])('allows NODE_ENV=%s', nodeEnv => {
    setNodeEnv(nodeEnv);
    expect(isDemoSignInAllowed(new ConfigReader({}))).toBe(true);
  });

  it.each([['production'], ['staging'], [''], [undefined]])(
    'refuses NODE_ENV=%p',
    nodeEnv => {
      setNodeEnv(nodeEnv);
      expect(isDemoSignInAllowed(new ConfigReader({}))).toBe(false);
      expect(
        isDemoSignInAllowed(
          new ConfigReader({ dangerouslyAllowOutsideDevelopment: false }),
        ),
      ).toBe(false);
    },
  );

  it('allows any NODE_ENV with dangerouslyAllowOutsideDevelopment', () => {
    setNodeEnv('production');
    expect(
      isDemoSignInAllowed(
        new ConfigReader({ dangerouslyAllowOutsideDevelopment: true }),
      ),
    ).toBe(true);
  });

  it('does not start in production', () => {
    setNodeEnv('production');
    expect(() =>
      demoAuthenticator.initialize({ config: new ConfigReader({}) }),
    ).toThrow(/only for local development/);
  });

  it('starts in development', () => {
    setNodeEnv('development');
    expect(() =>
      demoAuthenticator.initialize({ config: new ConfigReader({}) }),
    ).not.toThrow();
  });
});

describe('isLoopbackAddress', () => {
  it.each([['127.0.0.1'], ['127.8.9.10'], ['::1'], ['::ffff:127.0.0.1']])(
    'takes %s for this machine',
    address => {
      expect(isLoopbackAddress(address)).toBe(true);
    },
  );

  it.each([
    ['192.168.1.20'],
    ['10.0.0.1'],
    ['::ffff:192.168.1.20'],
    ['fe80::1'],
    ['128.0.0.1'],
    ['127.example.com'],
    [''],
    [undefined],
  ])('takes %p for another machine', address => {
    expect(isLoopbackAddress(address)).toBe(false);
  });
});

describe('demoAuthenticator.authenticate', () => {
  const authenticate = (
    headers: Record<string, string>,
    remoteAddress?: string,
  ) =>
    demoAuthenticator.authenticate(
      { req: withHeaders(headers, remoteAddress) },
      undefined,
    );

  it.each([['127.0.0.1'], ['::1'], ['::ffff:127.0.0.1']])(
    'signs in a request from this machine (%s)',
    async remoteAddress => {
      await expect(
        authenticate({ [DEMO_USER_HEADER]: 'ada' }, remoteAddress),
      ).resolves.toEqual({ result: { userName: 'ada' } });
    },
  );

  it.each([['192.168.1.20'], ['::ffff:10.1.2.3'], ['2001:db8::7']])(
    'refuses a request from another machine (%s) with 403',
    async remoteAddress => {
      await expect(
        authenticate({ [DEMO_USER_HEADER]: 'ada' }, remoteAddress),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringContaining('only available from the machine'),
      });
    },
  );

  it('does not trust X-Forwarded-For', async () => {
    await expect(
      authenticate(
        { [DEMO_USER_HEADER]: 'ada', 'x-forwarded-for': '127.0.0.1' },
        '192.168.1.20',
      ),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it.each([
    ['ada'],
    ['Ada'],
    ['team.agent_1-x'],
    ['0'],
    [`a${'b'.repeat(62)}`],
  ])('accepts the user name %j', async userName => {
    await expect(
      authenticate({ [DEMO_USER_HEADER]: userName }),
    ).resolves.toEqual({ result: { userName } });
  });

  it('requires the header, naming it', async () => {
    await expect(authenticate({})).rejects.toMatchObject({
      name: 'AuthenticationError',
      message: expect.stringContaining(DEMO_USER_HEADER),
    });
  });

  it('treats an empty header as missing', async () => {
    await expect(
      authenticate({ [DEMO_USER_HEADER]: '' }),
    ).rejects.toMatchObject({ name: 'AuthenticationError' });
  });

  it.each([
    ['bad name!'],
    ['-ada'],
    ['.ada'],
    ['ada/admin'],
    ['user:default/ada'],
    ['ada\n'],
    [`a${'b'.repeat(63)}`],
  ])('rejects the user name %j', async userName => {
    await expect(
      authenticate({ [DEMO_USER_HEADER]: userName }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('not a valid user name'),
    });
  });

  it('uses the user name as display name by default', async () => {
    await expect(
      demoAuthenticator.defaultProfileTransform(
        { userName: 'ada' },
        {} as AuthResolverContext,
      ),
    ).resolves.toEqual({ profile: { displayName: 'ada' } });
  });
});
