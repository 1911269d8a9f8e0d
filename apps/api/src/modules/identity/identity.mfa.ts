/**
 * TOTP two-factor sign-in (RFC 6238, the authenticator-app defaults: SHA-1, 6 digits, 30 s) with
 * ten single-use recovery codes. Enrolment stores a pending secret (encrypted) until a first code
 * proves the app holds it; only then is MFA on and the recovery codes are shown, once.
 */
import { randomInt } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { TxContext } from '../../platform/context.js';
import type { PiiCipher } from '../../platform/crypto/pii.js';
import { newId } from '../../platform/ids.js';
import type { UserRow } from './identity.repository.js';
import { hashSecret, personalData, scopeOf } from './identity.secrets.js';
import { recoveryCodes } from './identity.tables.js';

export const RECOVERY_CODE_COUNT = 10;
const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** `xxxxx-xxxxx`: 50 bits, easy to type, no look-alike characters. */
export function newRecoveryCode(): string {
  const pick = () => Array.from({ length: 5 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return `${pick()}-${pick()}`;
}

const normaliseRecoveryCode = (code: string) => code.trim().toLowerCase().replace(/\s+/g, '');

export const newTotpSecret = (): string => generateSecret();

export async function totpMatches(secret: string, code: string): Promise<boolean> {
  if (!/^\d{6}$/.test(code.trim())) return false;
  // One step either side for clock drift between the phone and the server.
  const result = await verify({ secret, token: code.trim(), epochTolerance: 30 });
  return result.valid;
}

export function otpauthUri(secret: string, issuer: string, label: string): string {
  return generateURI({ issuer, label, secret });
}

export const qrDataUrl = (uri: string): Promise<string> =>
  QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 1 });

/** Replaces a user's recovery codes with ten new ones; returns them (stored only as hashes). */
export async function replaceRecoveryCodes(tx: TxContext, userId: string): Promise<string[]> {
  await tx.tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.tx.insert(recoveryCodes).values(
    codes.map((c) => ({
      tenantId: scopeOf(tx.tenantId),
      id: newId(),
      userId,
      codeHash: hashSecret(normaliseRecoveryCode(c)),
    })),
  );
  return codes;
}

/** Uses a recovery code once (a conditional UPDATE, so two uses cannot both pass). */
export async function useRecoveryCode(tx: TxContext, userId: string, code: string): Promise<boolean> {
  const used = await tx.tx
    .update(recoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        eq(recoveryCodes.codeHash, hashSecret(normaliseRecoveryCode(code))),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  return used.length > 0;
}

/**
 * The second step of a password login: `ok` when the account has no MFA or a valid code was given,
 * `required` when none was, `invalid` when the one given is wrong.
 */
export async function checkSecondFactor(
  tx: TxContext,
  pii: PiiCipher,
  user: UserRow,
  input: { totp?: string | undefined; recoveryCode?: string | undefined },
): Promise<'ok' | 'required' | 'invalid'> {
  if (!user.mfaEnabledAt || !user.mfaSecretCiphertext) return 'ok';
  if (input.totp) {
    const secret = personalData(pii, user.tenantId).open('mfa_secret', user.mfaSecretCiphertext);
    return (await totpMatches(secret, input.totp)) ? 'ok' : 'invalid';
  }
  if (input.recoveryCode) return (await useRecoveryCode(tx, user.id, input.recoveryCode)) ? 'ok' : 'invalid';
  return 'required';
}
