import { describe, expect, it } from 'vitest';
import { assertSettingsManager, paymentMethodsFor } from './tenancy.settings.js';

describe('paymentMethodsFor', () => {
  it('offers UPI and net banking to INR stores only', () => {
    expect(paymentMethodsFor('INR')).toEqual(['card', 'upi', 'netbanking', 'cod']);
    expect(paymentMethodsFor('USD')).toEqual(['card', 'cod']);
    expect(paymentMethodsFor('EUR')).toEqual(['card', 'cod']);
  });
});

describe('assertSettingsManager', () => {
  const actor = (roles: string[], scopes: string[] = []) => ({
    actor: { kind: 'user' as const, id: 'u', tenantId: 't', roles: roles as never, scopes },
  });

  it('lets owners, platform admins and holders of settings:manage through', () => {
    expect(() => assertSettingsManager(actor(['owner']))).not.toThrow();
    expect(() => assertSettingsManager(actor(['platform_admin']))).not.toThrow();
    expect(() => assertSettingsManager(actor(['staff'], ['settings:manage']))).not.toThrow();
  });

  it('refuses others: 401 without an actor, 403 without the permission', () => {
    expect(() => assertSettingsManager({ actor: null })).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => assertSettingsManager(actor(['staff'], ['orders:manage']))).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => assertSettingsManager(actor(['customer', 'vendor']))).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });
});
