import { type SQL, and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';
import {
  type Cursor,
  type SortKeyed,
  type SortOrder,
  sortKeyText,
  sortedKeysetOf,
} from '../../platform/http/pagination.js';
import type { TenantSort } from './tenancy.schemas.js';
import { tenantDomains, tenants } from './tenancy.tables.js';

export type TenantRow = typeof tenants.$inferSelect & { domains: string[] };

/** Domains of the store, aggregated in the same query. */
const domainsOf = sql<
  string[]
>`coalesce((select array_agg(d.domain order by d.domain) from ${tenantDomains} d where d.tenant_id = ${tenants.id}), '{}')`;

const selection = {
  id: tenants.id,
  slug: tenants.slug,
  name: tenants.name,
  defaultCurrency: tenants.defaultCurrency,
  defaultLocale: tenants.defaultLocale,
  locales: tenants.locales,
  status: tenants.status,
  createdBy: tenants.createdBy,
  createdAt: tenants.createdAt,
  updatedBy: tenants.updatedBy,
  updatedAt: tenants.updatedAt,
  version: tenants.version,
  deletedAt: tenants.deletedAt,
  domains: domainsOf,
};

const live = isNull(tenants.deletedAt);

/** The live store matching `where`, with its domains. */
async function findOne(db: Queryable, where: SQL): Promise<TenantRow | undefined> {
  const [row] = await db.select(selection).from(tenants).where(and(where, live));
  return row;
}

export const findById = (db: Queryable, id: string) => findOne(db, eq(tenants.id, id));

export const findBySlug = (db: Queryable, slug: string) => findOne(db, eq(tenants.slug, slug));

export async function findByDomain(db: Queryable, domain: string): Promise<TenantRow | undefined> {
  const [row] = await db
    .select(selection)
    .from(tenants)
    .innerJoin(tenantDomains, eq(tenantDomains.tenantId, tenants.id))
    .where(and(eq(tenantDomains.domain, domain), live));
  return row;
}

const byCreated = sql`${tenants.createdAt}`;
const byName = sql`lower(${tenants.name})`;
const bySlug = sql`${tenants.slug}`;

/** The stores `sort` names. */
const TENANT_ORDERS: Record<TenantSort, SortOrder> = {
  createdAt: { tag: 'c+', expr: byCreated, kind: 'time', descending: false },
  '-createdAt': { tag: 'c-', expr: byCreated, kind: 'time', descending: true },
  name: { tag: 'n+', expr: byName, kind: 'text', descending: false },
  '-name': { tag: 'n-', expr: byName, kind: 'text', descending: true },
  slug: { tag: 's+', expr: bySlug, kind: 'text', descending: false },
  '-slug': { tag: 's-', expr: bySlug, kind: 'text', descending: true },
};

/**
 * Keyset page in the order `sort` names, oldest first without it; `limit + 1` rows in the cursor's
 * direction, each with its key `[tag, key, id]`.
 */
export async function list(
  db: Queryable,
  opts: {
    limit: number;
    cursor: Cursor | null;
    sort?: TenantSort | undefined;
    status?: 'active' | 'suspended' | undefined;
  },
): Promise<Array<SortKeyed<TenantRow>>> {
  const order = TENANT_ORDERS[opts.sort ?? 'createdAt'];
  const page = sortedKeysetOf(order, tenants.id, opts.cursor);
  const rows = await db
    .select({ ...selection, position: sortKeyText(order) })
    .from(tenants)
    .where(and(live, opts.status ? eq(tenants.status, opts.status) : undefined, page.where))
    .orderBy(...page.orderBy)
    .limit(opts.limit + 1);
  return rows.map(({ position, ...row }) => ({ key: [order.tag, position, row.id], item: row }));
}

export async function count(db: Queryable, status?: 'active' | 'suspended'): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(tenants)
    .where(and(live, status ? eq(tenants.status, status) : undefined));
  return row?.n ?? 0;
}

export async function insert(db: Queryable, values: typeof tenants.$inferInsert): Promise<void> {
  await db.insert(tenants).values(values);
}

/** Domains among `domains` that another store (not `exceptTenantId`) already has. */
export async function domainsTaken(db: Queryable, domains: string[], exceptTenantId?: string): Promise<string[]> {
  if (domains.length === 0) return [];
  const rows = await db
    .select({ domain: tenantDomains.domain })
    .from(tenantDomains)
    .where(
      and(
        inArray(tenantDomains.domain, domains),
        exceptTenantId ? ne(tenantDomains.tenantId, exceptTenantId) : undefined,
      ),
    );
  return rows.map((r) => r.domain);
}

export async function replaceDomains(db: Queryable, tenantId: string, domains: string[]): Promise<void> {
  await db.delete(tenantDomains).where(eq(tenantDomains.tenantId, tenantId));
  if (domains.length > 0) await db.insert(tenantDomains).values(domains.map((domain) => ({ domain, tenantId })));
}

/** Locks the store's row for the rest of the transaction (serialises concurrent edits of it). */
export async function lock(db: Queryable, id: string): Promise<void> {
  await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, id)).for('update');
}
