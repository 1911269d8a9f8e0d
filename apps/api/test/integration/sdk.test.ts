/** The generated client (`@bazaar/sdk`) against the real API over HTTP: paths, headers, problems. */
import type { AddressInfo } from 'node:net';
import { createBazaarClient, toProblem } from '@bazaar/sdk';
import { describe, expect, it } from 'vitest';
import { buildTenant } from '../factories.js';
import { startApp } from '../helpers.js';

describe('@bazaar/sdk', () => {
  it('reads the store with its tenant header, echoes its request id, and parses problems', async () => {
    const t = await startApp();
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      const tenant = await buildTenant(t.runtime, { name: 'Via SDK' });

      let n = 0;
      const api = createBazaarClient({ baseUrl, tenant: tenant.slug, requestId: () => `sdk-${++n}` });
      const { data, response } = await api.GET('/api/v1/store');
      expect(data).toMatchObject({ id: tenant.id, slug: tenant.slug, name: 'Via SDK' });
      expect(response.headers.get('x-request-id')).toBe('sdk-1');

      const lost = createBazaarClient({ baseUrl, tenant: 'no-such-store' });
      const missing = await lost.GET('/api/v1/store');
      expect(missing.data).toBeUndefined();
      const problem = toProblem(missing.error, missing.response);
      expect(problem).toMatchObject({ status: 404, code: 'tenant_not_found' });
      expect(problem.requestId).toBe(missing.response.headers.get('x-request-id'));

      const health = await createBazaarClient({ baseUrl }).GET('/health');
      expect(health.data).toEqual({ status: 'ok' });
    } finally {
      await t.close();
    }
  });
});
