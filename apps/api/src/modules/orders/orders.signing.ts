/**
 * Carrier tracking webhooks are signed like the payment test provider's:
 * `Bazaar-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, accepted
 * within 5 minutes either side of now and compared in constant time. The secret is one per
 * deployment (see the services' wiring).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BadRequest } from '../../platform/errors.js';

export const CARRIER_SIGNATURE_HEADER = 'bazaar-signature';
export const CARRIER_TOLERANCE_SECONDS = 300;

export class CarrierSignatureInvalid extends BadRequest {
  constructor(detail = 'The webhook signature is missing or does not match.') {
    super('webhook_signature_invalid', detail);
  }
}

const hmacHex = (secret: string, at: number, raw: Buffer) =>
  createHmac('sha256', secret)
    .update(Buffer.concat([Buffer.from(`${at}.`, 'utf8'), raw]))
    .digest('hex');

/** The header value for `raw` sent at `at` (unix seconds): for carriers' test tooling and tests. */
export const signCarrierWebhook = (secret: string, raw: Buffer, at: number): string =>
  `t=${at},v1=${hmacHex(secret, at, raw)}`;

export function verifyCarrierSignature(secret: string, raw: Buffer, header: string | undefined, now: Date): void {
  if (!header || header.length > 1000) throw new CarrierSignatureInvalid();
  let at: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) at = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) candidates.push(value);
  }
  if (at === undefined || candidates.length === 0) throw new CarrierSignatureInvalid();
  if (Math.abs(Math.floor(now.getTime() / 1000) - at) > CARRIER_TOLERANCE_SECONDS) {
    throw new CarrierSignatureInvalid('The webhook timestamp is outside the 5-minute tolerance.');
  }
  const expected = Buffer.from(hmacHex(secret, at, raw), 'hex');
  let ok = false;
  for (const c of candidates) ok = timingSafeEqual(Buffer.from(c, 'hex'), expected) || ok;
  if (!ok) throw new CarrierSignatureInvalid();
}
