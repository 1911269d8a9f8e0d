import { describe, expect, it } from 'vitest';
import { actionPageCsp, formatMoney, redirectTarget, renderActionPage } from './payments.action-page.js';

describe('action page', () => {
  it('is a form without script, its style allowed by hash only', () => {
    const html = renderActionPage({
      kind: 'upi',
      storeName: '<Chai & Co>',
      amount: 99_900,
      currency: 'INR',
      locale: 'en',
      settled: null,
      upiUri: 'upi://pay?pa=x@y&am=999.00',
    });
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('&lt;Chai &amp; Co&gt;');
    expect(html).toContain('₹999.00');
    expect(html).toContain('<form method="post">');
    expect(html).toContain('upi://pay?pa=x@y&amp;am=999.00');
    expect(html).not.toMatch(/<script|onclick|javascript:/i);
    const csp = actionPageCsp('https://shop.test/r');
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("form-action 'self' https://shop.test");
    expect(actionPageCsp('/orders/1')).toContain("form-action 'self';");
  });

  it('offers no form once the payment is settled', () => {
    const html = renderActionPage({
      kind: 'three_d_secure',
      storeName: 'S',
      amount: 1,
      currency: 'JPY',
      locale: 'en',
      settled: 'authorized',
    });
    expect(html).toContain('already authorized');
    expect(html).not.toContain('<form');
    expect(formatMoney(1234, 'JPY')).toBe('¥1,234');
    expect(formatMoney(1234, 'USD')).toBe('$12.34');
  });

  it('returns the shopper to http(s) URLs and site paths only, encoded', () => {
    expect(redirectTarget('https://shop.test/orders/1?x=1#y')).toBe('https://shop.test/orders/1?x=1#y');
    expect(redirectTarget('https://shop.test/bestellung/grüße')).toBe('https://shop.test/bestellung/gr%C3%BC%C3%9Fe');
    expect(redirectTarget('/orders/return?id=1')).toBe('/orders/return?id=1');
    expect(redirectTarget('//evil.test/x')).toBe('/');
    expect(redirectTarget('javascript:alert(1)')).toBe('/');
    expect(redirectTarget('not a url')).toBe('/');
  });
});
