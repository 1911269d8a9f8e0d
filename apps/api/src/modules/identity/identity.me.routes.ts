/**
 * Self-service account routes (`/api/v1/me…`): profile, addresses, consents, data export and
 * erasure. Store users name their store as everywhere; platform admins call them without one.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { clearSessionCookies } from '../../platform/auth/cookies.js';
import { etagForVersion, requireIfMatch } from '../../platform/db/versioning.js';
import { PageQuery, decodeCursor, toPage } from '../../platform/http/pagination.js';
import type { SelfService } from './identity.me.js';
import {
  AddressIdParams,
  AddressList,
  Address,
  Consents,
  CreateAddressBody,
  DataExport,
  EraseBody,
  IfMatchHeaders,
  PutConsentsBody,
  UpdateAddressBody,
  UpdateMeBody,
} from './identity.me.schemas.js';
import { requireUser } from './identity.permissions.js';

/** Platform admins have no store: for them these routes work without one. */
const config = { tenant: 'optional' as const };
const tags = ['identity'];
const noContent = { 204: Type.Null({ description: 'Done.' }) };
/** Personal data: never kept by a shared cache or the browser's. */
const PRIVATE = 'no-store';

/** `If-Match` where the convention makes it optional (consents, erasure): checked when sent. */
const optionalIfMatch = (header: string | string[] | undefined) =>
  header === undefined ? undefined : requireIfMatch(header);

export const selfServiceRoutes: FastifyPluginAsyncTypebox<{ service: SelfService }> = async (app, { service }) => {
  app.get(
    '/api/v1/me',
    {
      config,
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'The signed-in account',
        description: 'With `ETag: "<version>"` for `PATCH`. Without a store, the platform admin’s own account.',
        response: { 200: Type.Ref('Me') },
      },
    },
    async (req, reply) => {
      const me = await service.getMe(req.ctx);
      return reply.header('etag', etagForVersion(me.version)).header('cache-control', PRIVATE).send(me);
    },
  );

  app.patch(
    '/api/v1/me',
    {
      config,
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Change name, phone, locale or email',
        description:
          'Needs `If-Match`. A new email must not belong to another account of the store (409 `email_taken`); it is unverified until the link sent to it is followed, and links sent to the old address stop working.',
        headers: IfMatchHeaders,
        body: UpdateMeBody,
        response: { 200: Type.Ref('Me') },
      },
    },
    async (req, reply) => {
      const me = await service.updateMe(req.ctx, requireIfMatch(req.headers['if-match']), req.body);
      return reply.header('etag', etagForVersion(me.version)).header('cache-control', PRIVATE).send(me);
    },
  );

  app.delete(
    '/api/v1/me',
    {
      config,
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Erase the account and its personal data',
        description:
          'Needs the account password when it has one (422 `invalid_password`). Personal data is wiped, saved addresses and sign-in links deleted, every session revoked; orders are kept anonymised. The store’s only owner cannot erase itself (422 `last_owner`). `If-Match` is checked when sent.',
        headers: IfMatchHeaders,
        body: Type.Optional(EraseBody),
        response: noContent,
      },
    },
    async (req, reply) => {
      await service.erase(req.ctx, req.body?.password, optionalIfMatch(req.headers['if-match']));
      clearSessionCookies(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/me/export',
    {
      config,
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Download everything held about the signed-in user (GDPR export)',
        description:
          'A JSON attachment: profile, addresses, consents, sessions, sign-in identities, MFA state, messages sent, audit entries about and by the user, and the sections other modules add. Links with secret tokens in messages are redacted.',
        response: { 200: DataExport },
      },
    },
    async (req, reply) => {
      const data = await service.exportData(req.ctx);
      return reply
        .header('cache-control', PRIVATE)
        .header('content-disposition', `attachment; filename="bazaar-export-${data.userId}.json"`)
        .type('application/json')
        .serializer(JSON.stringify)
        .send(data);
    },
  );

  app.get(
    '/api/v1/me/consents',
    {
      config,
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Marketing opt-in and accepted terms, with times',
        description:
          '`marketingOptInAt` is when the marketing choice last changed; `termsAcceptedAt` when `termsVersion` was accepted.',
        response: { 200: Consents },
      },
    },
    async (req, reply) => {
      const { consents, version } = await service.getConsents(req.ctx);
      return reply.header('etag', etagForVersion(version)).header('cache-control', PRIVATE).send(consents);
    },
  );

  app.put(
    '/api/v1/me/consents',
    {
      config,
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Record marketing opt-in and accept a terms version',
        description:
          'The times change only when a choice does. `If-Match` (the account’s ETag) is checked when sent; without it the latest choice wins, which is what a consent means.',
        headers: IfMatchHeaders,
        body: PutConsentsBody,
        response: { 200: Consents },
      },
    },
    async (req, reply) => {
      const { consents, version } = await service.putConsents(
        req.ctx,
        req.body,
        optionalIfMatch(req.headers['if-match']),
      );
      return reply.header('etag', etagForVersion(version)).header('cache-control', PRIVATE).send(consents);
    },
  );

  app.get(
    '/api/v1/me/addresses',
    {
      config,
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Saved addresses',
        description: 'Oldest first, with the total; each address carries its own version for `If-Match`.',
        querystring: PageQuery,
        response: { 200: AddressList },
      },
    },
    async (req, reply) => {
      const limit = req.query.limit ?? 20;
      const cursor = decodeCursor(req.query.cursor);
      const { rows, total } = await service.listAddresses(req.ctx, { limit, cursor });
      const page = toPage(req, rows, { limit, cursor, keyOf: (a) => [a.id], map: (a) => a, total });
      return reply.header('cache-control', PRIVATE).send(page);
    },
  );

  app.post(
    '/api/v1/me/addresses',
    {
      config,
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Save an address',
        description:
          'At most 50 per account (422 `address_limit_reached`). Making it a default takes that flag from the previous default.',
        body: CreateAddressBody,
        response: { 201: Address },
      },
    },
    async (req, reply) => {
      const address = await service.createAddress(req.ctx, req.body);
      return reply
        .code(201)
        .header('location', `/api/v1/me/addresses/${address.id}`)
        .header('etag', etagForVersion(address.version))
        .header('cache-control', PRIVATE)
        .send(address);
    },
  );

  app.get(
    '/api/v1/me/addresses/:id',
    {
      config,
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'A saved address',
        description: 'Another account’s address answers 404.',
        params: AddressIdParams,
        response: { 200: Address },
      },
    },
    async (req, reply) => {
      const address = await service.getAddress(req.ctx, req.params.id);
      return reply.header('etag', etagForVersion(address.version)).header('cache-control', PRIVATE).send(address);
    },
  );

  app.patch(
    '/api/v1/me/addresses/:id',
    {
      config,
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Change a saved address',
        description: 'Needs `If-Match`. Making it a default takes that flag from the previous default.',
        params: AddressIdParams,
        headers: IfMatchHeaders,
        body: UpdateAddressBody,
        response: { 200: Address },
      },
    },
    async (req, reply) => {
      const version = requireIfMatch(req.headers['if-match']);
      const address = await service.updateAddress(req.ctx, req.params.id, version, req.body);
      return reply.header('etag', etagForVersion(address.version)).header('cache-control', PRIVATE).send(address);
    },
  );

  app.delete(
    '/api/v1/me/addresses/:id',
    {
      config,
      preValidation: requireUser,
      schema: {
        tags,
        summary: 'Delete a saved address',
        description: 'Needs `If-Match`.',
        params: AddressIdParams,
        headers: IfMatchHeaders,
        response: noContent,
      },
    },
    async (req, reply) => {
      await service.deleteAddress(req.ctx, req.params.id, requireIfMatch(req.headers['if-match']));
      return reply.code(204).send(null);
    },
  );
};
