/**
 * Signatures of the built-in test provider: its webhooks are signed like Stripe's
 * (`Bazaar-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, checked in
 * constant time within 5 minutes), and its action pages are reached through short signed tokens.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookSignatureInvalid } from './payments.errors.js';

export const TEST_SIGNATURE_HEADER = 'bazaar-signature';
/** Seconds a signed delivery stays acceptable, either side of now. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

const hmacHex = (secret: string, payload: string | Buffer) =>
  createHmac('sha256', secret).update(payload).digest('hex');

/** The `Bazaar-Signature` header value for `body` sent at `at` (unix seconds). For tests and the action page. */
export function signTestWebhook(secret: string, body: string | Buffer, at: number): string {
  const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return `t=${at},v1=${hmacHex(secret, Buffer.concat([Buffer.from(`${at}.`, 'utf8'), raw]))}`;
}

function safeEqualHex(a: string, b: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(a)) return false;
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Throws `WebhookSignatureInvalid` unless `header` signs `rawBody` with `secret` within the tolerance. */
export function verifyTestSignature(secret: string, rawBody: Buffer, header: string | undefined, now: Date): void {
  if (!header || header.length > 1000) throw new WebhookSignatureInvalid();
  let at: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) at = Number(value);
    else if (key === 'v1') signatures.push(value);
  }
  if (at === undefined || signatures.length === 0) throw new WebhookSignatureInvalid();
  if (Math.abs(Math.floor(now.getTime() / 1000) - at) > WEBHOOK_TOLERANCE_SECONDS) {
    throw new WebhookSignatureInvalid('The webhook timestamp is outside the 5-minute tolerance.');
  }
  const expected = hmacHex(secret, Buffer.concat([Buffer.from(`${at}.`, 'utf8'), rawBody]));
  // Every candidate is compared, so the time taken does not tell which one matched.
  let ok = false;
  for (const s of signatures) ok = safeEqualHex(s, expected) || ok;
  if (!ok) throw new WebhookSignatureInvalid();
}

// ---------------------------------------------------------------------------------- action tokens

export type ActionKind = 'three_d_secure' | 'upi' | 'netbanking';
const KINDS: readonly ActionKind[] = ['three_d_secure', 'upi', 'netbanking'];

export interface ActionClaims {
  tenantId: string;
  paymentId: string;
  kind: ActionKind;
  /** Unix seconds. */
  expiresAt: number;
}

/** Minutes an action page link stays valid. */
export const ACTION_TTL_MINUTES = 30;
const VERSION = 1;
const MAC_BYTES = 16;
const BODY_BYTES = 1 + 16 + 16 + 4 + 1;

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidOf = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/** The key action tokens are signed with: derived from, never equal to, the webhook secret. */
export const actionKeyOf = (webhookSecret: string) =>
  createHmac('sha256', webhookSecret).update('bazaar.test-payments.action-token').digest();

const macOf = (key: Buffer, body: Buffer, returnUrl: string) =>
  createHmac('sha256', key)
    .update(body)
    .update(Buffer.from(`\n${returnUrl}`, 'utf8'))
    .digest()
    .subarray(0, MAC_BYTES);

/**
 * A compact token (72 characters: path parameters are capped at 200) naming the store, the
 * payment and what the page asks for, with an expiry. The return URL travels beside it in the query
 * string and is covered by the same MAC, so neither can be changed.
 */
export function signActionToken(key: Buffer, claims: ActionClaims, returnUrl: string): string {
  const body = Buffer.alloc(BODY_BYTES);
  body.writeUInt8(VERSION, 0);
  uuidBytes(claims.tenantId).copy(body, 1);
  uuidBytes(claims.paymentId).copy(body, 17);
  body.writeUInt32BE(claims.expiresAt, 33);
  body.writeUInt8(KINDS.indexOf(claims.kind), 37);
  return Buffer.concat([body, macOf(key, body, returnUrl)]).toString('base64url');
}

/** The claims of a token this deployment signed for `returnUrl` and that has not expired; else null. */
export function verifyActionToken(key: Buffer, token: string, returnUrl: string, now: Date): ActionClaims | null {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== BODY_BYTES + MAC_BYTES) return null;
  const body = raw.subarray(0, BODY_BYTES);
  const mac = raw.subarray(BODY_BYTES);
  if (!timingSafeEqual(mac, macOf(key, body, returnUrl))) return null;
  if (body.readUInt8(0) !== VERSION) return null;
  const kind = KINDS[body.readUInt8(37)];
  const expiresAt = body.readUInt32BE(33);
  if (!kind || expiresAt < Math.floor(now.getTime() / 1000)) return null;
  return {
    tenantId: uuidOf(body.subarray(1, 17)),
    paymentId: uuidOf(body.subarray(17, 33)),
    kind,
    expiresAt,
  };
}
