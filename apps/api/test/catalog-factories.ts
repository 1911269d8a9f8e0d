/**
 * Catalog rows for tests, written straight into the tables inside the store's tenant transaction
 * (row-level security applies; the database's triggers keep the product summaries). Use the API
 * when the behaviour under test is the write itself; use these to set the stage quickly.
 */
import { eq } from 'drizzle-orm';
import type { Role } from '../src/platform/context.js';
import { newId } from '../src/platform/ids.js';
import { categories, products, variants } from '../src/modules/catalog/catalog.tables.js';
import type { ProductStatus, Translations } from '../src/modules/catalog/catalog.tables.js';
import { vendors, type VendorStatus } from '../src/modules/catalog/catalog.tables.js';
import { users } from '../src/modules/identity/identity.tables.js';
import type { Runtime } from '../src/runtime.js';
import { createUser, type TestUser } from './identity-helpers.js';

type Tx = Parameters<Parameters<Runtime['database']['tenantTransaction']>[1]>[0];

const inStore = <T>(runtime: Runtime, tenantId: string, fn: (tx: Tx) => Promise<T>) =>
  runtime.database.tenantTransaction({ tenantId, actorId: null }, fn);

export interface TestVendor {
  id: string;
  slug: string;
  name: string;
}

export async function createVendor(
  runtime: Runtime,
  tenantId: string,
  opts: { name?: string; slug?: string; status?: VendorStatus; description?: string } = {},
): Promise<TestVendor> {
  const id = newId();
  const slug = opts.slug ?? `vendor-${id.slice(-10)}`;
  const name = opts.name ?? `Vendor ${slug}`;
  await inStore(runtime, tenantId, (tx) =>
    tx.insert(vendors).values({
      tenantId,
      id,
      slug,
      name,
      description: opts.description ?? '',
      status: opts.status ?? 'approved',
      approvedAt: (opts.status ?? 'approved') === 'approved' ? new Date() : null,
    }),
  );
  return { id, slug, name };
}

/** A user who acts for `vendorId` (roles vendor + customer, `users.vendor_id` set). */
export async function createVendorUser(
  runtime: Runtime,
  tenantId: string,
  vendorId: string,
  opts: { roles?: Role[] } = {},
): Promise<TestUser> {
  const user = await createUser(runtime, tenantId, { roles: opts.roles ?? ['vendor', 'customer'] });
  await inStore(runtime, tenantId, (tx) => tx.update(users).set({ vendorId }).where(eq(users.id, user.id)));
  return user;
}

export async function createCategory(
  runtime: Runtime,
  tenantId: string,
  opts: { name?: string; slug?: string; parentId?: string | null; position?: number; translations?: Translations } = {},
): Promise<{ id: string; slug: string; name: string }> {
  const id = newId();
  const slug = opts.slug ?? `cat-${id.slice(-10)}`;
  const name = opts.name ?? `Category ${slug}`;
  await inStore(runtime, tenantId, (tx) =>
    tx.insert(categories).values({
      tenantId,
      id,
      slug,
      name,
      parentId: opts.parentId ?? null,
      position: opts.position ?? 0,
      translations: opts.translations ?? {},
    }),
  );
  return { id, slug, name };
}

export interface TestVariantInput {
  sku?: string;
  price: number;
  compareAtPrice?: number | null;
  onHand?: number;
  options?: Record<string, string>;
  active?: boolean;
}

export interface TestProduct {
  id: string;
  slug: string;
  title: string;
  variantIds: string[];
  skus: string[];
}

export async function createProduct(
  runtime: Runtime,
  tenantId: string,
  opts: {
    vendorId: string;
    categoryId?: string | null;
    title?: string;
    description?: string;
    slug?: string;
    status?: ProductStatus;
    featured?: boolean;
    currency?: string;
    createdAt?: Date;
    options?: Array<{ name: string; values: string[] }>;
    variants?: TestVariantInput[];
  },
): Promise<TestProduct> {
  const id = newId();
  const title = opts.title ?? `Product ${id.slice(-8)}`;
  const slug = opts.slug ?? `product-${id.slice(-12)}`;
  const vs = opts.variants ?? [{ price: 1999, onHand: 10 }];
  const variantIds = vs.map(() => newId());
  const skus = vs.map((v, i) => v.sku ?? `SKU-${id.slice(-12)}-${i}`);
  await inStore(runtime, tenantId, async (tx) => {
    await tx.insert(products).values({
      tenantId,
      id,
      vendorId: opts.vendorId,
      categoryId: opts.categoryId ?? null,
      slug,
      title,
      description: opts.description ?? '',
      status: opts.status ?? 'active',
      featured: opts.featured ?? false,
      currency: opts.currency ?? 'USD',
      options: opts.options ?? [],
      publishedAt: (opts.status ?? 'active') === 'active' ? new Date() : null,
      ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
    });
    if (vs.length > 0) {
      await tx.insert(variants).values(
        vs.map((v, i) => ({
          tenantId,
          id: variantIds[i] as string,
          productId: id,
          sku: skus[i] as string,
          price: v.price,
          compareAtPrice: v.compareAtPrice ?? null,
          onHand: v.onHand ?? 10,
          options: v.options ?? {},
          active: v.active ?? true,
          position: i,
        })),
      );
    }
  });
  return { id, slug, title, variantIds, skus };
}
