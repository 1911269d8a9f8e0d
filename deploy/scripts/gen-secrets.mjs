#!/usr/bin/env node
// Prints fresh secrets in .env form, for deploy/.env (Compose) or a Kubernetes Secret:
//
//   node deploy/scripts/gen-secrets.mjs                      # from a checkout (Node 20+)
//   docker run --rm bazaar:dev node deploy/scripts/gen-secrets.mjs
//
// Passwords are URL-safe (they are embedded in postgres:// and amqp:// URLs). JWT_SIGNING_KEYS is a
// JSON array with one private Ed25519 JWK; ENCRYPTION_KEYS one `id:base64` 32-byte key. Both lists
// are newest first: to rotate, put a new key in front and keep the old one until it is unused
// (docs/runbooks/deploy.md). `--jwk` prints only a new JWK (to prepend when rotating).
import { generateKeyPairSync, randomBytes, createHash } from 'node:crypto';

const password = () => randomBytes(24).toString('base64url');

function newJwk() {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  // The key id: an RFC 7638-style thumbprint of the public part, short and stable.
  const kid = createHash('sha256')
    .update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x }))
    .digest('base64url')
    .slice(0, 16);
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d, alg: 'EdDSA', kid };
}

if (process.argv.includes('--jwk')) {
  process.stdout.write(`${JSON.stringify(newJwk())}\n`);
  process.exit(0);
}

const date = new Date().toISOString().slice(0, 10).replaceAll('-', '');
const lines = [
  `POSTGRES_PASSWORD=${password()}`,
  `BAZAAR_OWNER_PASSWORD=${password()}`,
  `BAZAAR_API_PASSWORD=${password()}`,
  `RABBITMQ_PASSWORD=${password()}`,
  `JWT_SIGNING_KEYS='${JSON.stringify([newJwk()])}'`,
  `ENCRYPTION_KEYS=k${date}:${randomBytes(32).toString('base64')}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
