import { randomBytes } from 'node:crypto';
import { AuthenticationError } from '@backstage/errors';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  JWK,
  jwtVerify,
  SignJWT,
  UnsecuredJWT,
} from 'jose';
import { Knex } from 'knex';
import { SigningKeyRow, SigningKeyStore } from '../database/SigningKeyStore';
import { migrateTenantsDatabase } from '../database/TenantsStore';
import { SecretCipher } from '../service/SecretCipher';
import { SigningKeys, SigningKeysOptions } from './SigningKeys';

const ISSUER = 'https://portal.example/api/tenants/auth';
const AUDIENCE = 'app-billing';
const ROTATION_DAYS = 30;
const TOKEN_TTL_SECONDS = 900;
const PUBLISH_AHEAD_SECONDS = 3600;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The signing keys of tenant users' access tokens, with a clock the test
 * moves: a fresh system, rotation with overlap and key destruction,
 * concurrent rotations, and the tokens verify refuses.
 */
describe('SigningKeys', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let knex: Knex;
    let store: SigningKeyStore;
    let cipher: SecretCipher;
    let time: number;
    const later = (ms: number) => {
      time += ms;
    };
    const seconds = (n: number) => n * 1000;

    const signingKeys = (options: Partial<SigningKeysOptions> = {}) =>
      new SigningKeys({
        store,
        cipher,
        issuer: ISSUER,
        rotationDays: ROTATION_DAYS,
        tokenTtlSeconds: TOKEN_TTL_SECONDS,
        publishAheadSeconds: PUBLISH_AHEAD_SECONDS,
        now: () => new Date(time),
        ...options,
      });

    const signFor = (
      keys: SigningKeys,
      expiresInSeconds = TOKEN_TTL_SECONDS,
      audience = AUDIENCE,
    ) =>
      keys.sign(
        { sub: 'user-1', tenant: 'acme' },
        { audience, expiresInSeconds },
      );

    const kidOf = (token: string) => decodeProtectedHeader(token).kid;
    const kidsOf = async (keys: SigningKeys) =>
      (await keys.jwks()).keys.map(key => key.kid);
    const rows = (): Promise<SigningKeyRow[]> => store.list();

    /** The AuthenticationError a verification fails with. */
    const refusal = async (
      keys: SigningKeys,
      token: string,
      audience = AUDIENCE,
    ): Promise<AuthenticationError> => {
      const error = await keys.verify(token, { audience }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AuthenticationError);
      return error as AuthenticationError;
    };

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await migrateTenantsDatabase(knex);
      store = new SigningKeyStore(knex);
      cipher = SecretCipher.fromBase64(randomBytes(32).toString('base64'));
      time = Date.parse('2027-01-01T00:00:00.000Z');
    });

    describe('on a fresh system', () => {
      it('signs nothing and publishes nothing before rotate()', async () => {
        const keys = signingKeys();
        expect(await keys.jwks()).toEqual({ keys: [] });
        await expect(signFor(keys)).rejects.toThrow(/rotate/);
      });

      it('creates one key that signs at once; its tokens verify', async () => {
        const keys = signingKeys();
        await keys.rotate();

        const [row, ...others] = await rows();
        expect(others).toEqual([]);
        expect(row).toMatchObject({
          alg: 'ES256',
          active_from: new Date(time).toISOString(),
          retire_at: null,
        });

        const token = await signFor(keys);
        expect(decodeProtectedHeader(token)).toEqual({
          alg: 'ES256',
          kid: row.kid,
        });
        const payload = await keys.verify(token, { audience: AUDIENCE });
        const iat = Math.floor(time / 1000);
        expect(payload).toEqual({
          sub: 'user-1',
          tenant: 'acme',
          iss: ISSUER,
          aud: AUDIENCE,
          iat,
          exp: iat + TOKEN_TTL_SECONDS,
          jti: expect.any(String),
        });
        const other = await keys.verify(await signFor(keys), {
          audience: AUDIENCE,
        });
        expect(other.jti).not.toBe(payload.jti);
      });

      it('publishes exactly that public key, usable by a verifier, with no private part', async () => {
        const keys = signingKeys();
        await keys.rotate();
        const [row] = await rows();

        const jwks = await keys.jwks();
        expect(jwks.keys).toEqual([
          {
            kty: 'EC',
            crv: 'P-256',
            x: expect.any(String),
            y: expect.any(String),
            kid: row.kid,
            alg: 'ES256',
            use: 'sig',
          },
        ]);
        expect(jwks.keys[0]).not.toHaveProperty('d');
        expect(await calculateJwkThumbprint(jwks.keys[0])).toBe(row.kid);

        // A managed app verifies offline from the JWKS alone.
        const token = await signFor(keys);
        const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
          issuer: ISSUER,
          audience: AUDIENCE,
          currentDate: new Date(time),
        });
        expect(payload.sub).toBe('user-1');
      });

      it('stores the private key only encrypted', async () => {
        const keys = signingKeys();
        await keys.rotate();
        const [row] = await rows();

        expect(JSON.parse(row.public_jwk)).not.toHaveProperty('d');
        expect(row.public_jwk).not.toContain('"d"');

        const privateJwk = JSON.parse(
          cipher.decrypt(row.private_jwk_encrypted, row.kid),
        ) as JWK;
        expect(privateJwk.d).toEqual(expect.stringMatching(/^[\w-]{40,}$/));
        expect(row.private_jwk_encrypted).not.toContain(privateJwk.d);
        expect(row.private_jwk_encrypted).not.toContain('"d"');
        // Bound to its kid: the ciphertext does not decrypt as another key's.
        expect(() =>
          cipher.decrypt(row.private_jwk_encrypted, 'another-kid'),
        ).toThrow();
      });

      it('keeps keys in memory: signing and verifying do not read the store per token', async () => {
        const keys = signingKeys();
        await keys.rotate();
        const list = jest.spyOn(store, 'list');
        for (let i = 0; i < 5; i++) {
          await keys.verify(await signFor(keys), { audience: AUDIENCE });
        }
        await keys.jwks();
        expect(list).not.toHaveBeenCalled();

        // Read again once the cache is a minute old.
        later(seconds(61));
        await keys.verify(await signFor(keys), { audience: AUDIENCE });
        expect(list).toHaveBeenCalledTimes(1);
      });
    });

    describe('rotation with overlap', () => {
      it('publishes the next key ahead, switches at its active_from, retires and destroys the old one', async () => {
        const keys = signingKeys();
        const start = time;
        const handover = start + ROTATION_DAYS * DAY_MS;
        await keys.rotate();
        const [first] = await rows();

        // Not yet within publishAheadSeconds of the handover: nothing new.
        time = handover - seconds(PUBLISH_AHEAD_SECONDS) - seconds(1);
        await keys.rotate();
        expect(await rows()).toHaveLength(1);

        // From then on: the next key is published but does not sign yet.
        time = handover - seconds(PUBLISH_AHEAD_SECONDS);
        await keys.rotate();
        const [, next] = await rows();
        expect(next).toMatchObject({
          active_from: new Date(handover).toISOString(),
          retire_at: null,
        });
        expect(await kidsOf(keys)).toEqual([first.kid, next.kid]);
        expect(kidOf(await signFor(keys))).toBe(first.kid);
        time = handover - seconds(1);
        expect(kidOf(await signFor(keys))).toBe(first.kid);
        // A verifier caching the JWKS now already knows the next key.
        const cachedJwks = await keys.jwks();

        // A token signed by the old key the moment before the handover, and
        // one that (signed with a longer lifetime) outlives the old key.
        time = handover - seconds(1);
        const lastOldToken = await signFor(keys);
        const outlivingToken = await signFor(keys, 2 * 24 * 60 * 60);
        expect(kidOf(lastOldToken)).toBe(first.kid);

        // From the handover on, the next key signs, even before rotate().
        time = handover;
        const newToken = await signFor(keys);
        expect(kidOf(newToken)).toBe(next.kid);
        await jwtVerify(newToken, createLocalJWKSet(cachedJwks), {
          issuer: ISSUER,
          audience: AUDIENCE,
          currentDate: new Date(time),
        });

        // rotate() schedules the old key's retirement: not before the
        // longest-lived token it signed has expired.
        later(seconds(1));
        await keys.rotate();
        const retireAt = (await rows()).find(
          row => row.kid === first.kid,
        )?.retire_at;
        expect(retireAt).toBeTruthy();
        const retireTime = Date.parse(retireAt!);
        expect(retireTime).toBeGreaterThanOrEqual(
          handover + seconds(TOKEN_TTL_SECONDS),
        );
        expect(retireTime).toBeLessThanOrEqual(
          handover + seconds(TOKEN_TTL_SECONDS) + seconds(300),
        );
        // Running it again does not move the date.
        later(seconds(60));
        await keys.rotate();
        expect(
          (await rows()).find(row => row.kid === first.kid)?.retire_at,
        ).toBe(retireAt);

        // The old key's tokens verify until they expire.
        time = handover + seconds(TOKEN_TTL_SECONDS) - seconds(2);
        expect(
          (await keys.verify(lastOldToken, { audience: AUDIENCE })).sub,
        ).toBe('user-1');

        // Until retire_at the old key is published and verifies.
        time = retireTime - 1;
        expect(await kidsOf(keys)).toEqual([first.kid, next.kid]);
        await keys.verify(outlivingToken, { audience: AUDIENCE });

        // From retire_at it is gone from the JWKS and its tokens refused,
        // even before rotate() deletes it.
        time = retireTime;
        expect(await kidsOf(keys)).toEqual([next.kid]);
        expect((await refusal(keys, outlivingToken)).message).toMatch(
          /unknown key/,
        );

        // rotate() destroys it; the next key goes on signing.
        await keys.rotate();
        expect((await rows()).map(row => row.kid)).toEqual([next.kid]);
        expect((await refusal(keys, outlivingToken)).message).toMatch(
          /unknown key/,
        );
        // Another instance, reading the store afresh, refuses it too.
        expect((await refusal(signingKeys(), outlivingToken)).message).toMatch(
          /unknown key/,
        );
        const token = await signFor(keys);
        expect(kidOf(token)).toBe(next.kid);
        await keys.verify(token, { audience: AUDIENCE });
      });

      it('published late (rotate() runs only now and then) still publishes the next key a full publishAheadSeconds ahead', async () => {
        const keys = signingKeys();
        const handover = time + ROTATION_DAYS * DAY_MS;
        await keys.rotate();
        time = handover - seconds(60);
        await keys.rotate();
        const [, next] = await rows();
        expect(next.active_from).toBe(
          new Date(time + seconds(PUBLISH_AHEAD_SECONDS)).toISOString(),
        );
      });

      it('after a long pause still publishes the next key ahead of signing with it', async () => {
        const keys = signingKeys();
        await keys.rotate();
        const [first] = await rows();

        // No rotation ran for twice the rotation period.
        later(2 * ROTATION_DAYS * DAY_MS);
        await keys.rotate();
        const [, next] = await rows();
        expect(next.active_from).toBe(
          new Date(time + seconds(PUBLISH_AHEAD_SECONDS)).toISOString(),
        );
        expect(kidOf(await signFor(keys))).toBe(first.kid);

        later(seconds(PUBLISH_AHEAD_SECONDS));
        expect(kidOf(await signFor(keys))).toBe(next.kid);
      });
    });

    describe('rotate() run more than once', () => {
      it('in a row creates no key per call', async () => {
        const keys = signingKeys();
        await keys.rotate();
        await keys.rotate();
        expect(await rows()).toHaveLength(1);

        time += ROTATION_DAYS * DAY_MS - seconds(60);
        await keys.rotate();
        await keys.rotate();
        expect(await rows()).toHaveLength(2);

        const token = await signFor(keys);
        expect((await keys.verify(token, { audience: AUDIENCE })).sub).toBe(
          'user-1',
        );
      });

      /**
       * Makes the next two key inserts wait for each other, so two
       * concurrent rotations both decide on an empty (or current) list
       * before either writes: the race, every time.
       */
      const raceNextTwoInserts = () => {
        const insert = store.insert.bind(store);
        let waiting = 0;
        let releaseBoth: () => void = () => {};
        const bothWaiting = new Promise<void>(resolve => {
          releaseBoth = resolve;
        });
        const spy = jest
          .spyOn(store, 'insert')
          .mockImplementation(async row => {
            waiting += 1;
            if (waiting === 2) releaseBoth();
            await bothWaiting;
            return insert(row);
          });
        return () => spy.mockRestore();
      };

      it('concurrently on two instances keeps signing and verification working', async () => {
        const a = signingKeys();
        const b = signingKeys();
        const start = time;

        // Both find no key and create one: one extra key, no more.
        const stopRacing = raceNextTwoInserts();
        await Promise.all([a.rotate(), b.rotate()]);
        stopRacing();
        const firstKids = (await rows()).map(row => row.kid);
        expect(firstKids).toHaveLength(2);

        // Each instance verifies the other's tokens (reading the store again
        // for a kid it does not know yet).
        later(seconds(1));
        const earlyTokenOfA = await signFor(a);
        await b.verify(earlyTokenOfA, { audience: AUDIENCE });
        await a.verify(await signFor(b), { audience: AUDIENCE });

        // The next rotations settle on one key and create none.
        await Promise.all([a.rotate(), b.rotate()]);
        const settled = await rows();
        expect(settled.map(row => row.kid)).toEqual(firstKids);
        const [loser, winner] = settled;
        expect(winner.retire_at).toBeNull();
        expect(Date.parse(loser.retire_at!)).toBeGreaterThanOrEqual(
          start + seconds(TOKEN_TTL_SECONDS),
        );
        expect(kidOf(await signFor(a))).toBe(winner.kid);
        expect(kidOf(await signFor(b))).toBe(winner.kid);
        // A token the loser may have signed lives out its lifetime.
        time = start + seconds(TOKEN_TTL_SECONDS);
        await a.verify(earlyTokenOfA, { audience: AUDIENCE });

        // Within the publish-ahead window, racing again: at most one extra
        // next key.
        time = start + ROTATION_DAYS * DAY_MS - seconds(60);
        const stopRacingAgain = raceNextTwoInserts();
        await Promise.all([a.rotate(), b.rotate()]);
        stopRacingAgain();
        const nextKeys = (await rows()).filter(
          row => !firstKids.includes(row.kid),
        );
        expect(nextKeys).toHaveLength(2);
        expect((await rows()).map(row => row.kid).includes(loser.kid)).toBe(
          false,
        );

        // Past the handover, both sign with the same next key, and each
        // verifies the other's tokens.
        later(seconds(PUBLISH_AHEAD_SECONDS));
        await Promise.all([a.rotate(), b.rotate()]);
        const tokenOfA = await signFor(a);
        const tokenOfB = await signFor(b);
        expect(kidOf(tokenOfA)).toBe(kidOf(tokenOfB));
        expect(nextKeys.map(row => row.kid)).toContain(kidOf(tokenOfA));
        await b.verify(tokenOfA, { audience: AUDIENCE });
        await a.verify(tokenOfB, { audience: AUDIENCE });
      });

      it('keeps a key that lost the race published for the tokens an instance signed before it saw the winner', async () => {
        const a = signingKeys();
        const b = signingKeys();
        const start = time;
        const stopRacing = raceNextTwoInserts();
        await Promise.all([a.rotate(), b.rotate()]);
        stopRacing();
        const [loser] = await rows();

        // An instance that read the store between the two inserts knows
        // only the loser, and signs with it until its cache expires.
        const stale = signingKeys();
        jest.spyOn(store, 'list').mockResolvedValueOnce([loser]);
        later(seconds(59));
        const lateToken = await signFor(stale);
        expect(kidOf(lateToken)).toBe(loser.kid);

        await a.rotate();
        time = start + seconds(59) + seconds(TOKEN_TTL_SECONDS) - 1;
        expect((await b.verify(lateToken, { audience: AUDIENCE })).sub).toBe(
          'user-1',
        );
      });

      it('a key created by another instance verifies without waiting for the cache to expire', async () => {
        const verifier = signingKeys();
        await verifier.jwks(); // caches "no keys"
        const signer = signingKeys();
        await signer.rotate();
        const token = await signFor(signer);

        later(seconds(1));
        expect((await verifier.verify(token, { audience: AUDIENCE })).sub).toBe(
          'user-1',
        );
      });
    });

    describe('verify refuses', () => {
      let keys: SigningKeys;
      beforeEach(async () => {
        keys = signingKeys();
        await keys.rotate();
      });

      it('a tampered payload', async () => {
        const [header, , signature] = (await signFor(keys)).split('.');
        const payload = Buffer.from(
          JSON.stringify({
            sub: 'admin',
            iss: ISSUER,
            aud: AUDIENCE,
            iat: Math.floor(time / 1000),
            exp: Math.floor(time / 1000) + 900,
          }),
        ).toString('base64url');
        const tampered = [header, payload, signature].join('.');
        expect((await refusal(keys, tampered)).message).toMatch(/signature/);
      });

      it('a token from another issuer', async () => {
        const other = signingKeys({ issuer: 'https://elsewhere.example' });
        const token = await signFor(other);
        expect((await refusal(keys, token)).message).toMatch(/"iss"/);
      });

      it('a token for another audience', async () => {
        const token = await signFor(keys, TOKEN_TTL_SECONDS, 'app-other');
        expect((await refusal(keys, token)).message).toMatch(/"aud"/);
        expect((await keys.verify(token, { audience: 'app-other' })).aud).toBe(
          'app-other',
        );
      });

      it('an expired token', async () => {
        const token = await signFor(keys, 60);
        later(seconds(59));
        await keys.verify(token, { audience: AUDIENCE });
        later(seconds(1));
        expect((await refusal(keys, token)).message).toMatch(/expired/);
      });

      it('a token signed by a key not in the store', async () => {
        const { publicKey, privateKey } = await generateKeyPair('ES256');
        const foreignKid = await calculateJwkThumbprint(
          await exportJWK(publicKey),
        );
        const forge = (kid: string) =>
          new SignJWT({ sub: 'user-1' })
            .setProtectedHeader({ alg: 'ES256', kid })
            .setIssuer(ISSUER)
            .setAudience(AUDIENCE)
            .setIssuedAt(Math.floor(time / 1000))
            .setExpirationTime(Math.floor(time / 1000) + 900)
            .sign(privateKey);

        expect((await refusal(keys, await forge(foreignKid))).message).toMatch(
          /unknown key/,
        );
        // Claiming one of ours as its kid does not help.
        const [ours] = await rows();
        expect((await refusal(keys, await forge(ours.kid))).message).toMatch(
          /signature/,
        );
      });

      it('a token of ours without an expiry, and an unsigned one', async () => {
        const [row] = await rows();
        const privateKey = await importJWK(
          JSON.parse(cipher.decrypt(row.private_jwk_encrypted, row.kid)),
          'ES256',
        );
        const endless = await new SignJWT({ sub: 'user-1' })
          .setProtectedHeader({ alg: 'ES256', kid: row.kid })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setIssuedAt(Math.floor(time / 1000))
          .sign(privateKey);
        expect((await refusal(keys, endless)).message).toMatch(/"exp"/);

        const unsigned = new UnsecuredJWT({ sub: 'user-1' })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setIssuedAt(Math.floor(time / 1000))
          .setExpirationTime(Math.floor(time / 1000) + 900)
          .encode();
        await refusal(keys, unsigned);
      });

      it('garbage', async () => {
        for (const garbage of ['', 'not-a-token', 'a.b.c', '...']) {
          expect((await refusal(keys, garbage)).message).toMatch(
            /malformed|unknown key/,
          );
        }
      });
    });
  });
});
