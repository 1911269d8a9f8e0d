/**
 * Bodies are validated strictly on every route: no type coercion, no silently dropped properties.
 * (A shared schema added after the validator compiler is set would quietly put Fastify's lenient
 * default back; these requests would then succeed.)
 */
import { describe, expect, it } from 'vitest';
import { buildTenant } from '../factories.js';
import { useApp } from '../helpers.js';
import { call } from '../http-helpers.js';

describe('strict body validation', () => {
  const t = useApp();

  it('refuses a number where a string is expected', async () => {
    const store = await buildTenant(t.runtime);
    const res = await call(t.app, 'POST', '/api/v1/auth/register', {
      tenant: store.slug,
      body: { email: 'strict@example.test', password: 123456789012345 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ code: string }>().code).toBe('validation_failed');
    // Each field error names the rule it broke, so a client can word it in its own language.
    expect(res.json<{ errors: unknown[] }>().errors).toContainEqual(
      expect.objectContaining({ path: 'body.password', code: 'type' }),
    );
  });

  it('names the rule and its bound in each field error', async () => {
    const store = await buildTenant(t.runtime);
    const res = await call(t.app, 'POST', '/api/v1/auth/register', {
      tenant: store.slug,
      body: { email: 'strict3@example.test', password: 'x'.repeat(2000) },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ errors: unknown[] }>().errors).toContainEqual(
      expect.objectContaining({ path: 'body.password', code: 'maxLength', limit: expect.any(Number) }),
    );
  });

  it('refuses properties the schema does not name', async () => {
    const store = await buildTenant(t.runtime);
    const res = await call(t.app, 'POST', '/api/v1/auth/register', {
      tenant: store.slug,
      body: { email: 'strict2@example.test', password: 'a long enough passphrase 42', isAdmin: true },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ errors: unknown[] }>().errors).toContainEqual(
      expect.objectContaining({ path: 'body.isAdmin', code: 'additionalProperties' }),
    );
  });

  it('refuses a string where a cart quantity (an integer) is expected', async () => {
    const store = await buildTenant(t.runtime);
    const cart = await call(t.app, 'POST', '/api/v1/carts', { tenant: store.slug, body: {} });
    expect(cart.statusCode).toBe(201);
    const { id, token } = cart.json<{ id: string; token: string }>();
    const res = await call(t.app, 'POST', `/api/v1/carts/${id}/items`, {
      tenant: store.slug,
      headers: { 'x-cart-token': token },
      body: { variantId: '01900000-0000-7000-8000-000000000000', quantity: '2' },
    });
    expect(res.statusCode).toBe(400);
  });
});
