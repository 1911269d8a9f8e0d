import { describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { ProviderUnavailable, WebhookSignatureInvalid } from './payments.errors.js';
import type { AuthorizeRequest } from './payments.provider.js';
import { actionKeyOf, signTestWebhook, verifyActionToken } from './payments.signing.js';
import { createTestProvider, paymentIdOfTestRef, testRefOf } from './payments.test-provider.js';
import { createCodProvider } from './payments.cod.js';

const secret = 'whsec_unit';
const actionKey = actionKeyOf(secret);
const now = new Date('2030-01-01T00:00:00Z');
const provider = createTestProvider({ webhookSecret: secret, actionKey, apiUrl: 'http://api.test/', now: () => now });

const request = (over: Partial<AuthorizeRequest> = {}): AuthorizeRequest => ({
  paymentId: newId(),
  orderId: newId(),
  orderNumber: 'DEMO-000001',
  tenantId: newId(),
  tenantSlug: 'demo',
  amount: 12_345,
  currency: 'INR',
  method: 'card',
  token: 'tok_visa',
  returnUrl: 'https://shop.test/orders/1',
  ...over,
});

describe('test provider', () => {
  it('authorizes the good cards with a reference naming the payment', async () => {
    for (const token of ['tok_visa', 'tok_mastercard']) {
      const req = request({ token });
      expect(await provider.authorize(req)).toEqual({
        status: 'authorized',
        providerRef: `pi_test_${req.paymentId}`,
        amount: 12_345,
      });
      expect(paymentIdOfTestRef(testRefOf(req.paymentId))).toBe(req.paymentId);
    }
  });

  it('declines with the documented codes', async () => {
    expect(await provider.authorize(request({ token: 'tok_chargeDeclined' }))).toMatchObject({
      status: 'declined',
      code: 'card_declined',
    });
    expect(await provider.authorize(request({ token: 'tok_insufficientFunds' }))).toMatchObject({
      status: 'declined',
      code: 'insufficient_funds',
    });
    expect(await provider.authorize(request({ token: 'tok_unknown' }))).toMatchObject({
      status: 'declined',
      code: 'invalid_token',
    });
  });

  it('asks for 3-D Secure on a signed action page of the store and payment', async () => {
    const req = request({ token: 'tok_3ds' });
    const outcome = await provider.authorize(req);
    expect(outcome).toMatchObject({ status: 'requires_action', nextAction: { type: 'three_d_secure' } });
    if (outcome.status !== 'requires_action') throw new Error('expected an action');
    const url = new URL(outcome.nextAction.url);
    expect(url.origin).toBe('http://api.test');
    const token = url.pathname.split('/').pop() ?? '';
    expect(url.searchParams.get('returnUrl')).toBe(req.returnUrl);
    expect(verifyActionToken(actionKey, token, req.returnUrl, now)).toMatchObject({
      tenantId: req.tenantId,
      paymentId: req.paymentId,
      kind: 'three_d_secure',
    });
    // Valid for 30 minutes.
    expect(verifyActionToken(actionKey, token, req.returnUrl, new Date(now.getTime() + 31 * 60_000))).toBeNull();
  });

  it('sends UPI and net banking to the bank page, UPI with an intent', async () => {
    const upi = await provider.authorize(request({ method: 'upi', token: undefined }));
    expect(upi).toMatchObject({ status: 'requires_action', nextAction: { type: 'redirect_to_url' } });
    if (upi.status !== 'requires_action') throw new Error('expected an action');
    const intent = new URL(upi.nextAction.upiUri ?? '');
    expect(intent.protocol).toBe('upi:');
    expect(intent.searchParams.get('am')).toBe('123.45');
    expect(intent.searchParams.get('cu')).toBe('INR');
    expect(intent.searchParams.get('tr')).toBe(upi.providerRef);
    const nb = await provider.authorize(request({ method: 'netbanking', token: undefined }));
    expect(nb).toMatchObject({ status: 'requires_action', nextAction: { type: 'redirect_to_url' } });
    if (nb.status === 'requires_action') expect(nb.nextAction.upiUri).toBeUndefined();
  });

  it('fails like an outage for tok_error, and takes a minute for tok_timeout', async () => {
    await expect(provider.authorize(request({ token: 'tok_error' }))).rejects.toBeInstanceOf(ProviderUnavailable);
    const slow = provider.authorize(request({ token: 'tok_timeout' }));
    const first = await Promise.race([slow, new Promise((r) => setTimeout(() => r('still waiting'), 100))]);
    expect(first).toBe('still waiting');
  });

  it('captures, voids and refunds; answers retrieve from the stored record', async () => {
    expect(await provider.capture('pi_test_x', 500, 'k')).toEqual({ amountCaptured: 500 });
    await expect(provider.void('pi_test_x', 'k')).resolves.toBeUndefined();
    expect((await provider.refund('pi_test_x', 100, 'k')).refundRef).toMatch(/^re_test_[0-9a-f-]{36}$/);
    const stored = {
      status: 'paid' as const,
      amount: 500,
      authorizedAmount: 500,
      capturedAmount: 500,
      refundedAmount: 0,
    };
    expect(await provider.retrieve({ providerRef: 'pi_test_x', paymentId: newId(), stored })).toEqual({
      providerRef: 'pi_test_x',
      state: 'captured',
      amount: 500,
      amountCaptured: 500,
      amountRefunded: 0,
    });
  });

  it('verifies its webhooks', () => {
    const body = Buffer.from(
      JSON.stringify({
        id: 'evt_1',
        type: 'payment.failed',
        created: 1,
        data: { paymentId: newId(), providerRef: 'pi_test_1', failureCode: 'x' },
      }),
    );
    const at = Math.floor(now.getTime() / 1000);
    const e = provider.verifyWebhook(body, { 'bazaar-signature': signTestWebhook(secret, body, at) }, now);
    expect(e).toMatchObject({ id: 'evt_1', type: 'payment.failed', providerRef: 'pi_test_1', failureCode: 'x' });
    expect(() => provider.verifyWebhook(body, { 'bazaar-signature': signTestWebhook('x', body, at) }, now)).toThrow(
      WebhookSignatureInvalid,
    );
  });
});

describe('cash on delivery', () => {
  const cod = createCodProvider();
  it('defers, and keeps its books', async () => {
    const req = request({ method: 'cod', token: undefined });
    expect(await cod.authorize(req)).toEqual({ status: 'deferred', providerRef: `cod_${req.paymentId}` });
    expect((await cod.refund('cod_x', 10, 'k')).refundRef).toMatch(/^re_cod_/);
    const stored = {
      status: 'pending' as const,
      amount: 10,
      authorizedAmount: 0,
      capturedAmount: 0,
      refundedAmount: 0,
    };
    expect((await cod.retrieve({ providerRef: 'cod_x', paymentId: req.paymentId, stored })).state).toBe('authorized');
    expect(() => cod.verifyWebhook(Buffer.from('{}'), {}, now)).toThrow(WebhookSignatureInvalid);
  });
});
