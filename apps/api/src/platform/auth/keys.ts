/**
 * Signing keys for access tokens. `JWT_SIGNING_KEYS` (a JSON array of private JWKs, newest first)
 * in production; on the embedded default an Ed25519 key generated once into the data dir. The newest
 * key signs; every listed key verifies, so keys rotate without logging anyone out.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type CryptoKey,
  type JWK,
  type JWTPayload,
  SignJWT,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
} from 'jose';

export const ISSUER = 'bazaar';
export const AUDIENCE = 'bazaar-api';

interface LoadedKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey | Uint8Array;
  publicJwk: JWK;
  publicKey: CryptoKey | Uint8Array;
}

export interface KeyStore {
  /** Signs `claims` with the newest key for `ttlSeconds`. */
  sign(claims: JWTPayload, ttlSeconds: number): Promise<string>;
  /** Verifies signature, issuer, audience and expiry; throws on any failure. */
  verify(token: string): Promise<JWTPayload>;
  /** The public keys, for `/.well-known/jwks.json`. */
  jwks(): { keys: JWK[] };
}

const ALLOWED_ALGS = ['EdDSA', 'ES256'];

async function loadKey(jwk: JWK): Promise<LoadedKey> {
  const alg = jwk.alg ?? (jwk.crv === 'Ed25519' ? 'EdDSA' : jwk.crv === 'P-256' ? 'ES256' : '');
  if (!ALLOWED_ALGS.includes(alg) || !jwk.d)
    throw new Error('JWT_SIGNING_KEYS: each key must be a private EdDSA (Ed25519) or ES256 (P-256) JWK');
  const kid = jwk.kid ?? (await calculateJwkThumbprint(jwk));
  const { d: _d, ...pub } = jwk;
  const publicJwk: JWK = { ...pub, kid, alg, use: 'sig' };
  return {
    kid,
    alg,
    privateKey: await importJWK(jwk, alg),
    publicJwk,
    publicKey: await importJWK(publicJwk, alg),
  };
}

async function generatedKey(dataDir: string): Promise<JWK> {
  const file = join(dataDir, 'jwt-signing-key.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as JWK;
  } catch {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), alg: 'EdDSA' };
    jwk.kid = await calculateJwkThumbprint(jwk);
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(jwk), { mode: 0o600 });
    return jwk;
  }
}

export async function createKeyStore(opts: { configured: unknown; dataDir: string }): Promise<KeyStore> {
  let jwks: JWK[];
  if (opts.configured !== undefined) {
    if (!Array.isArray(opts.configured) || opts.configured.length === 0) {
      throw new Error('JWT_SIGNING_KEYS: expected a non-empty JSON array of private JWKs');
    }
    jwks = opts.configured as JWK[];
  } else {
    jwks = [await generatedKey(opts.dataDir)];
  }
  const keys = await Promise.all(jwks.map(loadKey));
  const byKid = new Map(keys.map((k) => [k.kid, k]));
  const signing = keys[0] as LoadedKey;
  return {
    sign: (claims, ttlSeconds) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: signing.alg, kid: signing.kid, typ: 'at+jwt' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(signing.privateKey),
    async verify(token) {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          const key = header.kid ? byKid.get(header.kid) : undefined;
          if (!key || key.alg !== header.alg) throw new Error('unknown signing key');
          return key.publicKey;
        },
        { issuer: ISSUER, audience: AUDIENCE, algorithms: ALLOWED_ALGS, clockTolerance: 5 },
      );
      return payload;
    },
    jwks: () => ({ keys: keys.map((k) => k.publicJwk) }),
  };
}
