import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagForVersion, requireIfMatch } from '../../platform/db/versioning.js';
import { assertSettingsManager, type SettingsService } from './tenancy.settings.js';
import { AdminStoreSettings, IfMatchHeaders, StoreSettingsBody } from './tenancy.settings.schemas.js';

/** Before validation, so a caller without the permission learns nothing about the body's shape. */
async function settingsManager(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
  assertSettingsManager({ actor: req.actor });
}

export const settingsRoutes: FastifyPluginAsyncTypebox<{ service: SettingsService }> = async (app, { service }) => {
  app.get(
    '/api/v1/admin/settings',
    {
      preValidation: settingsManager,
      schema: {
        tags: ['commerce-admin'],
        summary: "The store's settings",
        description:
          'Needs `settings:manage`. The store\'s name, currency and locales come with its settings; the sign-in providers are read-only here. The ETag is `"0"` until the settings are first changed.',
        response: { 200: AdminStoreSettings },
      },
    },
    async (req, reply) => {
      const settings = await service.get(req.ctx);
      return reply.header('etag', etagForVersion(settings.version)).send(settings);
    },
  );

  app.patch(
    '/api/v1/admin/settings',
    {
      preValidation: settingsManager,
      schema: {
        tags: ['commerce-admin'],
        summary: "Change the store's settings",
        description:
          "Needs `settings:manage` and `If-Match` (missing → 428, stale → 412). Only the fields sent change; any change moves the ETag. `name`, `defaultCurrency`, `locales` and `defaultLocale` change the store's profile (`GET /api/v1/store`) as the platform's `PATCH /api/v1/platform/tenants/{id}` does, also audited as `tenant.updated`. `defaultLocale` must be one of the locales (the ones sent, else the current ones) → 400 naming the field otherwise. The currency changes only while the store has never had a product or an order (deleted ones count) → 409 `currency_locked` otherwise. UPI and net banking in a store whose currency is (or becomes) not INR → 422 `payment_method_unavailable`. Audited as `settings.updated`.",
        headers: IfMatchHeaders,
        body: StoreSettingsBody,
        response: { 200: AdminStoreSettings },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      const settings = await service.update(req.ctx, version, req.body);
      return reply.header('etag', etagForVersion(settings.version)).send(settings);
    },
  );
};
