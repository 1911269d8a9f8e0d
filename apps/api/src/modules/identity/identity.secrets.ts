/**
 * Secrets handed to users and the personal data of accounts: how they are made, hashed, encrypted
 * and found. The encryption context of a value names its column and store, so a ciphertext copied
 * to another row's column or another store does not decrypt.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PiiCipher } from '../../platform/crypto/pii.js';

/**
 * The scope platform admins live in: a reserved tenant id that no store has, so their accounts and
 * sessions use the same tables, row-level security and code as a store's users.
 */
export const PLATFORM_SCOPE = '00000000-0000-0000-0000-000000000000';

/** The scope of a request: its store, or the platform when it names none. */
export const scopeOf = (tenantId: string | null): string => tenantId ?? PLATFORM_SCOPE;

/** A random secret, URL-safe (`bytes` of entropy). */
export const newSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Secrets are random and long: SHA-256 is enough to store them, and lookups stay indexed. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('base64url');

export const normaliseEmail = (email: string): string => email.normalize('NFC').trim().toLowerCase();

export type PiiField = 'email' | 'name' | 'phone' | 'mfa_secret' | 'address' | 'recipient' | 'body' | 'client_secret';

const contextFor = (field: PiiField, scope: string) => `identity.${field}:${scope}`;

/** Encrypts and decrypts one store's personal data. */
export function personalData(pii: PiiCipher, scope: string) {
  return {
    seal: (field: PiiField, value: string) => pii.encrypt(value, contextFor(field, scope)),
    open: (field: PiiField, token: string) => pii.decrypt(token, contextFor(field, scope)),
    openOrNull: (field: PiiField, token: string | null) =>
      token === null ? null : pii.decrypt(token, contextFor(field, scope)),
    /** The blind index an email is stored under (the store is part of the input: no cross-store linking). */
    emailIndex: (email: string) => pii.blindIndex(`${scope}:${normaliseEmail(email)}`, 'identity.email'),
    /** Every index the email may be stored under across key rotations. */
    emailIndexCandidates: (email: string) =>
      pii.blindIndexCandidates(`${scope}:${normaliseEmail(email)}`, 'identity.email'),
  };
}

export type PersonalData = ReturnType<typeof personalData>;
