import { describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { WebhookSignatureInvalid } from './payments.errors.js';
import {
  actionKeyOf,
  signActionToken,
  signTestWebhook,
  verifyActionToken,
  verifyTestSignature,
} from './payments.signing.js';

const secret = 'whsec_test_unit';
const body = Buffer.from(JSON.stringify({ id: 'evt_1', type: 'payment.authorized', created: 1 }));
const at = (d: Date) => Math.floor(d.getTime() / 1000);

describe('test webhook signatures', () => {
  const now = new Date('2030-01-01T12:00:00Z');

  it('accept a signature of the exact body within five minutes', () => {
    expect(() => verifyTestSignature(secret, body, signTestWebhook(secret, body, at(now)), now)).not.toThrow();
    expect(() => verifyTestSignature(secret, body, signTestWebhook(secret, body, at(now) - 299), now)).not.toThrow();
    // A rotated secret: several v1 values, one matching.
    const header = `${signTestWebhook('old', body, at(now))},v1=${signTestWebhook(secret, body, at(now)).split('v1=')[1]}`;
    expect(() => verifyTestSignature(secret, body, header, now)).not.toThrow();
  });

  it('refuse forged, altered, stale, future and malformed signatures', () => {
    const cases = [
      signTestWebhook('another secret', body, at(now)),
      signTestWebhook(secret, Buffer.concat([body, Buffer.from(' ')]), at(now)),
      signTestWebhook(secret, body, at(now) - 301),
      signTestWebhook(secret, body, at(now) + 301),
      `t=${at(now)}`,
      `v1=${'0'.repeat(64)}`,
      `t=${at(now)},v1=zz`,
      '',
      undefined,
    ];
    for (const header of cases) {
      expect(() => verifyTestSignature(secret, body, header, now), String(header)).toThrow(WebhookSignatureInvalid);
    }
  });
});

describe('action tokens', () => {
  const key = actionKeyOf(secret);
  const claims = { tenantId: newId(), paymentId: newId(), kind: 'upi' as const, expiresAt: 2_000_000_000 };
  const returnUrl = 'https://shop.example.test/orders/1?paid=1';

  it('round-trip, short enough for a path parameter', () => {
    const token = signActionToken(key, claims, returnUrl);
    expect(token.length).toBeLessThanOrEqual(100);
    expect(verifyActionToken(key, token, returnUrl, new Date('2030-01-01T00:00:00Z'))).toEqual(claims);
  });

  it('refuse another return URL, another key, a changed byte, and expiry', () => {
    const token = signActionToken(key, claims, returnUrl);
    const now = new Date('2030-01-01T00:00:00Z');
    expect(verifyActionToken(key, token, 'https://evil.example.test/', now)).toBeNull();
    expect(verifyActionToken(actionKeyOf('other'), token, returnUrl, now)).toBeNull();
    const raw = Buffer.from(token, 'base64url');
    raw[5] = (raw[5] ?? 0) ^ 1;
    expect(verifyActionToken(key, raw.toString('base64url'), returnUrl, now)).toBeNull();
    expect(verifyActionToken(key, token, returnUrl, new Date((claims.expiresAt + 1) * 1000))).toBeNull();
    expect(verifyActionToken(key, 'not a token', returnUrl, now)).toBeNull();
  });
});
