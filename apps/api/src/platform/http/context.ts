/**
 * Per-request context: the request id, the store the request addresses (from `X-Tenant-ID` or the
 * host), who is acting, and the locale. Routes declare how they find their tenant in `config.tenant`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor, RequestContext, TenantRef } from '../context.js';
import { AppError, BadRequest, NotFound } from '../errors.js';

/**
 * How a route finds its store: `header` (X-Tenant-ID or host; the default under /api/v1),
 * `optional` (as header, but absent is fine: login), `path` (the `tenant` path parameter: calls
 * from third parties), `none` (platform and ops routes).
 */
export type TenantMode = 'header' | 'optional' | 'path' | 'none';

export interface TenantResolver {
  /** By slug or id; null when no such store exists. */
  byRef(ref: string): Promise<TenantRef | null>;
  /** By a host name from the request; null when no store has that domain. */
  byDomain(host: string): Promise<TenantRef | null>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    tenant?: TenantMode;
    /** `required`: POSTs without `Idempotency-Key` are refused (money-moving routes). */
    idempotency?: 'optional' | 'required' | 'off';
  }
  interface FastifyRequest {
    tenant: TenantRef | null;
    actor: Actor | null;
    /** The context services take as their first argument. */
    ctx: RequestContext;
  }
}

export class TenantSuspended extends AppError {
  constructor() {
    super(403, 'tenant_suspended', 'Forbidden', 'This store is suspended.');
  }
}

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,128}$/;

/** `X-Request-ID` when it is a sane token, else a new id. */
export function requestIdFrom(header: string | string[] | undefined, fresh: () => string): string {
  const v = Array.isArray(header) ? header[0] : header;
  return v && REQUEST_ID_RE.test(v) ? v : fresh();
}

/** The first language tag of `Accept-Language` (`de-DE,de;q=0.9` → `de-DE`). */
export function localeFrom(header: string | undefined, fallback: string): string {
  const first = header?.split(',')[0]?.split(';')[0]?.trim();
  return first && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(first) ? first : fallback;
}

function modeFor(req: FastifyRequest): TenantMode {
  const configured = req.routeOptions.config.tenant;
  if (configured) return configured;
  return req.routeOptions.url?.startsWith('/api/v1/') ? 'header' : 'none';
}

async function resolveTenant(req: FastifyRequest, resolver: TenantResolver): Promise<TenantRef | null> {
  const mode = modeFor(req);
  if (mode === 'none' || req.is404) return null;
  let tenant: TenantRef | null;
  if (mode === 'path') {
    const ref = (req.params as Record<string, string | undefined>).tenant;
    tenant = ref ? await resolver.byRef(ref) : null;
    if (!tenant) throw new NotFound('tenant_not_found', 'No store matches this URL.');
  } else {
    const header = req.headers['x-tenant-id'];
    const ref = (Array.isArray(header) ? header[0] : header)?.trim();
    if (ref) {
      if (ref.length > 100) throw new BadRequest('tenant_invalid', 'X-Tenant-ID is too long.');
      tenant = await resolver.byRef(ref);
      if (!tenant) throw new NotFound('tenant_not_found', `No store is called "${ref}".`);
    } else {
      tenant = await resolver.byDomain(req.hostname);
      if (!tenant && mode === 'header') {
        throw new BadRequest('tenant_required', 'Name the store with X-Tenant-ID or use its domain.');
      }
    }
  }
  // A suspended store is refused by the auth hook, which knows whether the caller is a platform admin.
  return tenant;
}

export const contextPlugin = fp<{ resolver: TenantResolver }>(
  async (app: FastifyInstance, { resolver }) => {
    app.decorateRequest('tenant', null);
    app.decorateRequest('actor', null);
    app.decorateRequest('ctx', {
      getter(this: FastifyRequest): RequestContext {
        return {
          tenantId: this.tenant?.id ?? null,
          tenant: this.tenant,
          actor: this.actor,
          requestId: this.id,
          locale: localeFrom(this.headers['accept-language'], this.tenant?.defaultLocale ?? 'en'),
          ip: this.ip,
        };
      },
    });
    app.addHook('onRequest', async (req, reply) => {
      reply.header('x-request-id', req.id);
      // The store is chosen by header or host: caches must key on both.
      const mode = modeFor(req);
      if (mode === 'header' || mode === 'optional') reply.header('vary', 'X-Tenant-ID, Host');
    });
    // After onRequest, so the rate limiter (a route-level onRequest hook) counts every request, and
    // before the body is read, so an unknown store costs no parsing.
    app.addHook('preParsing', async (req) => {
      req.tenant = await resolveTenant(req, resolver);
    });
  },
  { name: 'bazaar-context' },
);
