/**
 * Rows → the private product representations shown to the product's vendor and to store staff:
 * every field they manage, with money as `{ amount, currency }` and stock split into on hand,
 * reserved and available.
 */
import { mediaUrl } from './catalog.images.js';
import type {
  ManagedProduct,
  ManagedProductSummary,
  ManagedVariant,
  Money,
  ProductImage,
} from './catalog.products.schemas.js';
import type { productImages, products, variants, vendors } from './catalog.tables.js';

export type ProductRow = Omit<typeof products.$inferSelect, 'searchVector'>;
export type VariantRow = typeof variants.$inferSelect;
export type ImageRow = typeof productImages.$inferSelect;
export type VendorRef = Pick<typeof vendors.$inferSelect, 'id' | 'slug' | 'name' | 'status'>;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const money = (amount: number, currency: string): Money => ({ amount, currency });

function priceRangeOf(p: ProductRow): ManagedProduct['priceRange'] {
  if (p.priceMin === null || p.priceMax === null) return null;
  return { min: money(p.priceMin, p.currency), max: money(p.priceMax, p.currency) };
}

export const toVendorRef = (v: VendorRef): ManagedProduct['vendor'] => ({
  id: v.id,
  slug: v.slug,
  name: v.name,
  status: v.status,
});

export function toManagedVariant(v: VariantRow, currency: string): ManagedVariant {
  return {
    id: v.id,
    sku: v.sku,
    options: v.options,
    price: money(v.price, currency),
    compareAtPrice: v.compareAtPrice === null ? null : money(v.compareAtPrice, currency),
    stock: v.onHand,
    reserved: v.reserved,
    available: Math.max(0, v.onHand - v.reserved),
    weight: v.weightGrams,
    active: v.active,
    position: v.position,
    version: v.version,
  };
}

export function toProductImage(i: ImageRow, primaryImageId: string | null): ProductImage {
  return {
    id: i.id,
    url: mediaUrl(i.storageKey),
    thumbnailUrl: mediaUrl(i.thumbnailKey),
    alt: i.alt,
    width: i.width,
    height: i.height,
    bytes: i.bytes,
    contentType: i.contentType,
    position: i.position,
    primary: i.id === primaryImageId,
    version: i.version,
    createdAt: i.createdAt.toISOString(),
  };
}

export function toManagedProduct(
  p: ProductRow,
  vendor: VendorRef,
  vs: VariantRow[],
  images: ImageRow[],
): ManagedProduct {
  return {
    id: p.id,
    slug: p.slug,
    title: p.title,
    description: p.description,
    status: p.status,
    statusReason: p.statusReason,
    featured: p.featured,
    listed: p.listed,
    categoryId: p.categoryId,
    vendor: toVendorRef(vendor),
    currency: p.currency,
    options: p.options,
    translations: p.translations,
    variants: vs.map((v) => toManagedVariant(v, p.currency)),
    images: images.map((i) => toProductImage(i, p.primaryImageId)),
    primaryImageId: p.primaryImageId,
    priceRange: priceRangeOf(p),
    inStock: p.inStock,
    submittedAt: iso(p.submittedAt),
    publishedAt: iso(p.publishedAt),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    version: p.version,
  };
}

export function toManagedProductSummary(
  p: ProductRow,
  vendor: VendorRef,
  variantCount: number,
  image: Pick<ImageRow, 'storageKey' | 'thumbnailKey' | 'alt'> | undefined,
): ManagedProductSummary {
  return {
    id: p.id,
    slug: p.slug,
    title: p.title,
    status: p.status,
    statusReason: p.statusReason,
    featured: p.featured,
    listed: p.listed,
    categoryId: p.categoryId,
    vendor: toVendorRef(vendor),
    priceRange: priceRangeOf(p),
    inStock: p.inStock,
    variantCount,
    image: image
      ? { url: mediaUrl(image.storageKey), thumbnailUrl: mediaUrl(image.thumbnailKey), alt: image.alt }
      : null,
    submittedAt: iso(p.submittedAt),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    deletedAt: iso(p.deletedAt),
    version: p.version,
  };
}
