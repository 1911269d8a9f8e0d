/**
 * Search-engine helpers: schema.org JSON-LD for products, safe embedding of JSON-LD in HTML, and the
 * canonical/robots policy of listing pages. Pure functions (tested without a server).
 */
import type { Metadata } from 'next';
import { decimalPrice } from './format';
import { isFiltered } from './catalog-query';
import type { ListingQuery, ProductDetail } from './catalog-types';

/** Text for meta descriptions: markup-free, whitespace collapsed, cut at a word near `max` characters. */
export function metaText(text: string, max = 160): string {
  const plain = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/[#*_`>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** JSON for a `<script type="application/ld+json">`: `<` escaped so no `</script>` can close it early. */
export function jsonLdString(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** An absolute URL of `path` at the store's public origin. */
export function absoluteUrl(origin: string, path: string): string {
  return new URL(path, origin).toString();
}

/** schema.org `Product` for a product page: one `Offer`, or one per variant when it has several. */
export function productJsonLd(product: ProductDetail, origin: string): Record<string, unknown> {
  const url = absoluteUrl(origin, `/p/${product.slug}`);
  const images = product.images.length > 0 ? product.images : product.image ? [product.image] : [];
  const seller = {
    '@type': 'Organization',
    name: product.vendor.name,
    url: absoluteUrl(origin, `/v/${product.vendor.slug}`),
  };
  const offer = (v: ProductDetail['variants'][number]) => ({
    '@type': 'Offer',
    sku: v.sku,
    price: decimalPrice(v.price),
    priceCurrency: v.price.currency,
    availability: v.inStock && v.available > 0 ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock',
    url,
    seller,
  });
  const variants = product.variants;
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.title,
    description: metaText(product.description, 5000),
    url,
    image: images.map((i) => absoluteUrl(origin, i.url)),
    brand: { '@type': 'Brand', name: product.vendor.name },
  };
  if (product.category)
    data.category = [...product.category.breadcrumb.map((c) => c.name), product.category.name].join(' > ');
  if (variants[0]) data.sku = variants[0].sku;
  if (variants.length === 1 && variants[0]) data.offers = offer(variants[0]);
  else if (variants.length > 1) data.offers = variants.map(offer);
  if (product.rating.count > 0) {
    data.aggregateRating = {
      '@type': 'AggregateRating',
      ratingValue: Math.round(product.rating.average * 100) / 100,
      reviewCount: product.rating.count,
      bestRating: 5,
      worstRating: 1,
    };
  }
  return data;
}

/**
 * Metadata of a listing page (a category's or a vendor's): its canonical path, and `noindex` while
 * the visitor narrows it (filters beyond the page's own, or a search).
 */
export function listingMetadata({
  title,
  description,
  path,
  query,
  fixed,
  image,
}: {
  title: string;
  description: string;
  path: string;
  query: ListingQuery;
  fixed: readonly (keyof ListingQuery)[];
  image?: string | null | undefined;
}): Metadata {
  return {
    title,
    description,
    alternates: { canonical: path },
    robots: isFiltered(query, fixed) || query.q ? { index: false, follow: true } : undefined,
    openGraph: { title, description, url: path, ...(image ? { images: [{ url: image }] } : {}) },
  };
}
