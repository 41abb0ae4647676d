/**
 * signJwt (src/oauth/jws.ts): the compact JWS of the JWTs this server issues, signed with
 * node:crypto. Each alg an issuer signs with verifies under jose with the public key, carries the
 * header `{ alg, typ, kid }` and the claims as given; a key that does not fit its alg is refused.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify, type CryptoKey } from 'jose';
import { signJwt } from '../src/oauth/jws.js';
import { SIGNING_ALGS } from '../src/domain/jwk.js';

/** A signer as the signing-key store builds one: the private key imported from its JWK. */
async function signerFor(alg: string) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const key = (await importJWK(await exportJWK(privateKey), alg)) as CryptoKey;
  return { signer: { kid: `kid_${alg}`, alg, key }, publicKey };
}

describe('signJwt', () => {
  it.each(SIGNING_ALGS)('%s: verifies under jose with the public key, header and claims as given', async (alg) => {
    const { signer, publicKey } = await signerFor(alg);
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: 'https://issuer.example/i_1',
      sub: 'usr_1',
      aud: ['a', 'b'],
      iat: now,
      exp: now + 60,
      jti: 'j',
      nested: { ünïcode: '✓' },
    };
    const token = await signJwt(signer, 'at+jwt', claims);
    expect(token.split('.')).toHaveLength(3);
    expect(decodeProtectedHeader(token)).toEqual({ alg, typ: 'at+jwt', kid: `kid_${alg}` });
    // the header's members in the order SignJWT wrote them
    expect(Buffer.from(token.split('.')[0]!, 'base64url').toString()).toBe(JSON.stringify({ alg, typ: 'at+jwt', kid: `kid_${alg}` }));
    const { payload } = await jwtVerify(token, publicKey, { algorithms: [alg], typ: 'at+jwt', audience: 'a' });
    expect(payload).toEqual(claims);
    // a changed payload no longer verifies
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'usr_2' })).toString('base64url')}.${s}`;
    await expect(jwtVerify(forged, publicKey, { algorithms: [alg] })).rejects.toThrow();
  });

  it('ES256 signatures are r‖s (64 bytes), not DER', async () => {
    const { signer } = await signerFor('ES256');
    expect(Buffer.from((await signJwt(signer, 'JWT', { a: 1 })).split('.')[2]!, 'base64url')).toHaveLength(64);
  });

  it('refuses a key that does not fit the alg, an unknown alg, and a public key', async () => {
    const p384 = await signerFor('ES384');
    await expect(signJwt({ ...p384.signer, alg: 'ES256' }, 'JWT', {})).rejects.toThrow(/does not fit ES256/);
    const ed = await signerFor('EdDSA');
    await expect(signJwt({ ...ed.signer, alg: 'RS256' }, 'JWT', {})).rejects.toThrow(/does not fit RS256/);
    // a 1 024-bit RSA key (jose's generateKeyPair refuses to make one; node:crypto does)
    const { privateKey: small } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const smallKey = (await importJWK(small.export({ format: 'jwk' }) as never, 'RS256')) as CryptoKey;
    await expect(signJwt({ kid: 'kid_small', alg: 'RS256', key: smallKey }, 'JWT', {})).rejects.toThrow(/does not fit RS256/);
    await expect(signJwt({ ...ed.signer, alg: 'HS256' }, 'JWT', {})).rejects.toThrow(/unsupported signing alg HS256/);
    await expect(signJwt({ ...ed.signer, alg: 'none' }, 'JWT', {})).rejects.toThrow(/unsupported/);
    for (const alg of ['__proto__', 'constructor', 'toString'])
      await expect(signJwt({ ...ed.signer, alg }, 'JWT', {})).rejects.toThrow(/unsupported signing alg/);
    const es = await signerFor('ES256');
    const publicOnly = { ...es.signer, key: es.publicKey as CryptoKey };
    await expect(signJwt(publicOnly, 'JWT', {})).rejects.toThrow(/does not fit ES256 \(public/);
  });

  it('refuses registered claims of the wrong type, as jose did', async () => {
    const { signer } = await signerFor('ES256');
    const now = Math.floor(Date.now() / 1000);
    for (const bad of [
      { sub: undefined },
      { sub: 42 },
      { iss: null },
      { jti: ['x'] },
      { exp: Number.NaN },
      { exp: Number.POSITIVE_INFINITY },
      { iat: now + 0.5 },
      { nbf: '1' },
      { aud: [1] },
      { aud: null },
    ])
      await expect(
        signJwt(signer, 'JWT', { iss: 'https://i', sub: 's', aud: 'a', iat: now, exp: now + 60, ...bad }),
        JSON.stringify(bad),
      ).rejects.toThrow(TypeError);
    await expect(
      signJwt(signer, 'JWT', { iss: 'https://i', sub: 's', aud: ['a', 'b'], iat: now, exp: now + 60, custom: { any: [1, null] } }),
    ).resolves.toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});
