import { afterEach, describe, expect, it } from 'vitest';
import { DependencyUnavailable } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { PaymentProviderRejected, ProviderRejected, ProviderUnavailable } from './payments.errors.js';
import { type PaymentGateway, createPaymentGateway } from './payments.gateway.js';
import { actionKeyOf } from './payments.signing.js';
import { createTestProvider } from './payments.test-provider.js';

const provider = createTestProvider({ webhookSecret: 's', actionKey: actionKeyOf('s'), apiUrl: 'http://api.test' });
const authorize = (token: string) =>
  provider.authorize({
    paymentId: newId(),
    orderId: newId(),
    orderNumber: 'T-1',
    tenantId: newId(),
    tenantSlug: 't',
    amount: 100,
    currency: 'USD',
    method: 'card',
    token,
    returnUrl: 'https://shop.test/r',
  });

let gateway: PaymentGateway | undefined;
afterEach(() => gateway?.shutdown());

const make = (over: { resetTimeoutMs?: number } = {}) => {
  gateway = createPaymentGateway({
    timeoutMs: 50,
    volumeThreshold: 5,
    errorThresholdPercentage: 50,
    resetTimeoutMs: 30_000,
    ...over,
  });
  return gateway;
};

async function failure(p: Promise<unknown>): Promise<DependencyUnavailable> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DependencyUnavailable) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('payment gateway', () => {
  it('times out a slow provider with 503', async () => {
    const g = make();
    const err = await failure(g.run('test', () => authorize('tok_timeout')));
    expect(err.status).toBe(503);
    expect(err.code).toBe('dependency_unavailable');
    expect(Number(err.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('opens after failures, then answers 503 at once with Retry-After until it half-opens', async () => {
    const g = make({ resetTimeoutMs: 1_500 });
    for (let i = 0; i < 5; i++) await failure(g.run('test', () => authorize('tok_error')));
    expect(g.isOpen('test')).toBe(true);
    let called = false;
    const started = Date.now();
    const err = await failure(
      g.run('test', () => {
        called = true;
        return authorize('tok_visa');
      }),
    );
    expect(called).toBe(false);
    expect(Date.now() - started).toBeLessThan(50);
    const retryAfter = Number(err.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(g.states()).toEqual([{ provider: 'test', state: 'open', retryAfterSeconds: retryAfter }]);
    // Other providers are unaffected.
    expect(g.isOpen('stripe')).toBe(false);
    // After the reset timeout one trial call goes through; success closes the breaker.
    await new Promise((r) => setTimeout(r, 1_600));
    expect(g.isOpen('test')).toBe(false);
    expect(await g.run('test', () => authorize('tok_visa'))).toMatchObject({ status: 'authorized' });
    expect(g.states()[0]?.state).toBe('closed');
  });

  it('does not count declines or refusals as failures', async () => {
    const g = make();
    for (let i = 0; i < 10; i++) {
      expect(await g.run('test', () => authorize('tok_chargeDeclined'))).toMatchObject({ status: 'declined' });
    }
    for (let i = 0; i < 10; i++) {
      await expect(
        g.run('test', () => Promise.reject(new ProviderRejected('test', 'payment_intent_unexpected_state', 'no'))),
      ).rejects.toBeInstanceOf(PaymentProviderRejected);
    }
    expect(g.isOpen('test')).toBe(false);
    // A minority of failures does not open it either.
    for (let i = 0; i < 4; i++)
      await failure(g.run('test', () => Promise.reject(new ProviderUnavailable('test', 'down'))));
    expect(g.isOpen('test')).toBe(false);
  });
});
