/**
 * `buildApp(runtime)`: the HTTP composition root, used by `main.ts` and by the tests. It wires the
 * platform plugins in order (security → metrics → tenant → auth → idempotency) and the modules'
 * routes; it opens nothing itself.
 */
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
  type RouteOptions,
} from 'fastify';
import { Type } from 'typebox';
import { accessTokenVerifier, authPlugin } from './platform/auth/guard.js';
import { contextPlugin, requestIdFrom } from './platform/http/context.js';
import { metricsPlugin } from './platform/http/metrics.js';
import { opsRoutes } from './platform/http/ops.js';
import { ProblemSchema, errorHandler, notFoundHandler } from './platform/http/problem.js';
import { securityPlugin } from './platform/http/security.js';
import { createValidatorCompiler } from './platform/http/validation.js';
import { loggableUrl } from './platform/logging.js';
import { idempotencyPlugin } from './platform/idempotency/idempotency.js';
import { Store, Tenant, TenantList, tenancyRoutes } from './modules/tenancy/index.js';
import {
  CookieSession,
  Me,
  TokenPair,
  apiKeyVerifier,
  identityAdminRoutes,
  identityRoutes,
  oidcRoutes,
  selfServiceRoutes,
} from './modules/identity/index.js';
import {
  browseRoutes,
  catalogCsvRoutes,
  categoryRoutes,
  mediaRoutes,
  productRoutes,
  reviewRoutes,
  vendorRoutes,
} from './modules/catalog/index.js';
import { Order, adminOrderRoutes, orderRoutes, vendorOrderRoutes } from './modules/orders/index.js';
import { paymentRoutes } from './modules/payments/index.js';
import { settingsRoutes } from './modules/tenancy/index.js';
import { pricingAdminRoutes } from './modules/pricing/index.js';
import { marketplaceRoutes } from './modules/marketplace/index.js';
import { cartRoutes } from './modules/cart/index.js';
import { checkoutRoutes } from './modules/orders/index.js';
import { decorateOpenApi } from './openapi.js';
import type { Runtime } from './runtime.js';
import { sql } from 'drizzle-orm';
import { rowsOf } from './platform/db/client.js';

export const BODY_LIMIT_BYTES = 1_048_576;

/** One log line per request, when it completes, carrying method, URL, status and duration. */
class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const line = {
      req: {
        method: request.method,
        url: loggableUrl(request.url),
        host: request.host,
        remoteAddress: request.ip,
      },
      res: reply,
      responseTime: reply.elapsedTime,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

/** Shared response models, referenced from routes with `Type.Ref(<$id>)`. */
// `Order` is shared: checkout's response embeds it as `Type.Ref('Order')`. Shared schemas must be
// added here, before the validator compiler is set: a later `addSchema` puts Fastify's own back.
const SHARED_SCHEMAS = [ProblemSchema, Store, Tenant, TenantList, TokenPair, CookieSession, Me, Order];

/**
 * Every `/api/v1` route documents and validates the tenant header. (The problem responses each route
 * can give are added to the document only, in `openapi.ts`: they are serialised with
 * `JSON.stringify`, so compiling a serialiser per route and status would only slow start-up.)
 */
function documentDefaults(route: RouteOptions): void {
  const schema = (route.schema ??= {}) as Record<string, unknown> & { headers?: unknown };
  schema.operationId ??= operationIdOf(route);
  const mode = route.config?.tenant ?? (route.url.startsWith('/api/v1/') ? 'header' : 'none');
  if (mode === 'header' || mode === 'optional') {
    const headers = (schema.headers ?? Type.Object({})) as { properties?: Record<string, unknown> };
    schema.headers = {
      ...headers,
      type: 'object',
      properties: {
        'x-tenant-id': Type.String({
          minLength: 1,
          maxLength: 100,
          description: 'The store: its slug or id. May be omitted when the host is one of its domains.',
        }),
        ...headers.properties,
      },
    };
  }
}

/** `GET /api/v1/platform/tenants/:id` → `getPlatformTenantsById`. */
function operationIdOf(route: RouteOptions): string {
  const method = (Array.isArray(route.method) ? route.method[0] : route.method) ?? 'get';
  const words = route.url
    .replace(/^\/api\/v1\//, '/')
    .split(/[/.-]/)
    .filter(Boolean)
    .map((w) =>
      w.startsWith(':') ? `By${w.slice(1, 2).toUpperCase()}${w.slice(2)}` : w.charAt(0).toUpperCase() + w.slice(1),
    );
  return method.toLowerCase() + words.join('');
}

export async function buildApp(rt: Runtime): Promise<FastifyInstance> {
  const { config } = rt;
  // Typed as Fastify's logger so the instance keeps Fastify's default logger type parameter.
  const loggerInstance: FastifyBaseLogger = rt.logger;
  const app = Fastify({
    loggerInstance,
    genReqId: (req) => requestIdFrom(req.headers['x-request-id'], randomUUID),
    logController: new RequestLog({ requestIdLogLabel: 'requestId' }),
    // A hop count trusts that many proxies nearest to the server.
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (_addr: string, i: number) => i < (config.trustProxy as number)
        : config.trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Malformed URLs and over-long path parameters are refused before routing: same problem format.
    frameworkErrors: (err, req, reply) => {
      void errorHandler(err, req, reply);
    },
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(createValidatorCompiler(SHARED_SCHEMAS));
  app.setErrorHandler(errorHandler);
  // A POST without a body (logout, a cookie refresh) is an empty object: validation then names the
  // missing fields rather than saying "body must be object".
  app.addHook('preValidation', async (req) => {
    if (req.body === undefined && req.routeOptions.schema?.body) req.body = {};
  });
  for (const s of SHARED_SCHEMAS) app.addSchema(s);
  app.addHook('onRoute', documentDefaults);

  await app.register(swagger, decorateOpenApi);
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    uiConfig: { deepLinking: true, displayRequestDuration: true },
  });
  // The reference UI needs its own scripts and styles; everything else keeps the strict API policy.
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/docs')) {
      reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data: validator.swagger.io; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
      );
    }
    return payload;
  });

  await app.register(securityPlugin, {
    corsOrigins: config.corsOrigins,
    rateLimitPerMinute: config.rateLimitPerMinute,
    redis: rt.cache.redis,
  });
  // Unknown routes count against the rate limit too, so scanning for routes is throttled.
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, notFoundHandler);
  await app.register(metricsPlugin, {
    poolStats: () => rt.database.poolStats(),
    backlog: async () => {
      const [row] = rowsOf<{ outbox: number; ready: number; dead: number }>(
        await rt.database.db.execute(sql`
          select (select count(*) from outbox where published_at is null)::int as outbox,
                 (select count(*) from jobs where status = 'pending' and run_at <= now())::int as ready,
                 (select count(*) from jobs where status = 'dead')::int as dead`),
      );
      return { outboxPending: row?.outbox ?? 0, jobsReady: row?.ready ?? 0, jobsDead: row?.dead ?? 0 };
    },
  });
  await app.register(contextPlugin, { resolver: rt.services.tenancy.resolver });
  await app.register(cookie);
  await app.register(authPlugin, {
    verifiers: [
      accessTokenVerifier(rt.keys, (token) => rt.services.identity.isRevoked(token)),
      apiKeyVerifier(rt.services.identity),
    ],
  });
  await app.register(idempotencyPlugin, { database: rt.database, sealer: rt.pii });

  await app.register(opsRoutes, { database: rt.database, cache: rt.cache, broker: rt.broker, keys: rt.keys });
  app.get(
    '/openapi.json',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['ops'],
        summary: 'This API as an OpenAPI 3.1 document',
        security: [],
        response: {
          200: Type.Object(
            { openapi: Type.String({ maxLength: 10 }) },
            { additionalProperties: true, description: 'The OpenAPI document.' },
          ),
        },
      },
    },
    // The generated document is typed as either OpenAPI version; this one is always 3.1.
    async (_req, reply) =>
      reply
        .type('application/json')
        .serializer(JSON.stringify)
        .send(app.swagger() as unknown as { openapi: string }),
  );
  await app.register(tenancyRoutes, { service: rt.services.tenancy });
  await app.register(identityRoutes, { service: rt.services.identity });
  await app.register(identityAdminRoutes, { admin: rt.services.identityAdmin, apiKeys: rt.services.apiKeys });
  await app.register(selfServiceRoutes, { service: rt.services.me });
  await app.register(oidcRoutes, { service: rt.services.oidc, tenants: rt.services.tenancy.resolver });
  await app.register(vendorRoutes, { service: rt.services.catalogVendors });
  await app.register(categoryRoutes, { service: rt.services.catalogCategories });
  await app.register(productRoutes, { service: rt.services.catalogProducts });
  await app.register(mediaRoutes, { storage: rt.storage });
  await app.register(browseRoutes, { service: rt.services.catalogBrowse });
  await app.register(reviewRoutes, { service: rt.services.catalogReviews });
  await app.register(catalogCsvRoutes, { service: rt.services.catalogCsv });
  // <routes-settings-pricing-admin>
  await app.register(settingsRoutes, { service: rt.services.settings });
  await app.register(pricingAdminRoutes, { service: rt.services.pricingAdmin });
  // </routes-settings-pricing-admin>
  // <routes-cart>
  await app.register(cartRoutes, { service: rt.services.carts });
  // </routes-cart>
  // <routes-payments>
  await app.register(paymentRoutes, { service: rt.services.payments, tenants: rt.services.tenancy.resolver });
  // </routes-payments>
  // <routes-orders>
  await app.register(orderRoutes, { service: rt.services.orders });
  await app.register(vendorOrderRoutes, { service: rt.services.orders });
  await app.register(adminOrderRoutes, { service: rt.services.orders });
  // </routes-orders>
  // <routes-checkout>
  await app.register(checkoutRoutes, { service: rt.services.checkout });
  // </routes-checkout>
  // <routes-marketplace>
  await app.register(marketplaceRoutes, rt.services.marketplace);
  // </routes-marketplace>

  return app;
}
