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
          'Needs `settings:manage`. Name, currency, locales and sign-in providers are read-only here. The ETag is `"0"` until the settings are first changed.',
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
          'Needs `settings:manage` and `If-Match` (missing → 428, stale → 412). Only the fields sent change. UPI and net banking in a store whose currency is not INR → 422 `payment_method_unavailable`. Audited as `settings.updated`.',
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
