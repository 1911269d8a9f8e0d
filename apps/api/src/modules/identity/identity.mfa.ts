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

/** The time step (period start, epoch seconds) a code matched, or null when it does not match. */
export async function totpMatch(secret: string, code: string): Promise<number | null> {
  if (!/^\d{6}$/.test(code.trim())) return null;
  // One step either side for clock drift between the phone and the server.
  const result = await verify({ secret, token: code.trim(), epochTolerance: 30 });
  // (The result type also covers HOTP, which has no epoch; a TOTP match always carries one.)
  if (!result.valid) return null;
  return 'epoch' in result ? result.epoch : Math.floor(Date.now() / 30_000) * 30;
}

export const totpMatches = async (secret: string, code: string): Promise<boolean> =>
  (await totpMatch(secret, code)) !== null;

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
 * `required` when none was, `invalid` when the one given is wrong or was already used.
 * `firstUse(key)` answers whether a code's time step is used for the first time (a code seen once
 * cannot be replayed within its validity window).
 */
export async function checkSecondFactor(
  tx: TxContext,
  pii: PiiCipher,
  user: UserRow,
  input: { totp?: string | undefined; recoveryCode?: string | undefined },
  firstUse: (key: string) => Promise<boolean>,
): Promise<'ok' | 'required' | 'invalid'> {
  if (!user.mfaEnabledAt || !user.mfaSecretCiphertext) return 'ok';
  if (input.totp) {
    const secret = personalData(pii, user.tenantId).open('mfa_secret', user.mfaSecretCiphertext);
    const step = await totpMatch(secret, input.totp);
    if (step === null) return 'invalid';
    return (await firstUse(`totp-used:${user.id}:${step}`)) ? 'ok' : 'invalid';
  }
  if (input.recoveryCode) return (await useRecoveryCode(tx, user.id, input.recoveryCode)) ? 'ok' : 'invalid';
  return 'required';
}
