import { describe, expect, it } from 'vitest';
import type { ProductDetail } from './catalog-types';
import { jsonLdString, metaText, productJsonLd } from './seo';
import { isFiltered, listingHref, parseListingQuery } from './catalog-query';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const image = {
  url: '/api/v1/media/t/p/i.webp',
  thumbnailUrl: '/api/v1/media/t/p/i-thumb.webp',
  alt: '',
  width: 640,
  height: 640,
};

const product: ProductDetail = {
  id: '01a24964-e6bf-77ed-b078-0269f9a4186d',
  slug: 'wide-ramen-bowl',
  title: 'Wide </script><script>alert(1)</script> Bowl',
  price: usd(3600),
  priceRange: { min: usd(3600), max: usd(3600) },
  image,
  vendor: { id: 'v', slug: 'demo-crafts', name: 'Demo Crafts' },
  category: { id: 'c', slug: 'kitchen', name: 'Kitchen', breadcrumb: [{ id: 'h', slug: 'home', name: 'Home' }] },
  rating: { average: 4.67, count: 3, histogram: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 2 } },
  inStock: true,
  featured: false,
  createdAt: '2026-12-06T02:13:59.167Z',
  description: 'A deep bowl.',
  options: [],
  variants: [
    {
      id: 'x',
      sku: 'DC-003',
      options: {},
      price: usd(3600),
      compareAtPrice: null,
      available: 9,
      inStock: true,
      weight: 760,
    },
  ],
  images: [{ id: 'i', ...image }],
};

describe('productJsonLd', () => {
  it('describes the product with a decimal price, availability, seller and rating', () => {
    const data = productJsonLd(product, 'https://shop.example');
    expect(data).toMatchObject({
      '@type': 'Product',
      sku: 'DC-003',
      url: 'https://shop.example/p/wide-ramen-bowl',
      image: ['https://shop.example/api/v1/media/t/p/i.webp'],
      brand: { name: 'Demo Crafts' },
      offers: { price: '36.00', priceCurrency: 'USD', availability: 'https://schema.org/InStock' },
      aggregateRating: { ratingValue: 4.67, reviewCount: 3 },
    });
  });

  it('leaves out the rating without reviews and marks sold-out variants', () => {
    const soldOut = { ...product.variants[0]!, available: 0, inStock: false };
    const data = productJsonLd(
      { ...product, rating: { ...product.rating, count: 0 }, variants: [soldOut] },
      'https://s',
    );
    expect(data.aggregateRating).toBeUndefined();
    expect(data.offers).toMatchObject({ availability: 'https://schema.org/OutOfStock' });
  });

  it('cannot close its script element', () => {
    const text = jsonLdString(productJsonLd(product, 'https://s'));
    expect(text).not.toContain('<');
    expect(JSON.parse(text).name).toBe(product.title);
  });
});

describe('metaText', () => {
  it('collapses whitespace and cuts at a word', () => {
    expect(metaText('  a\n\nb  ')).toBe('a b');
    expect(metaText('one two three four', 16)).toBe('one two three…');
  });
});

describe('listing URLs', () => {
  it('reads only what the API accepts', () => {
    expect(
      parseListingQuery({ q: ' mug ', sort: 'cheap', minPrice: '12,5', maxPrice: 'x', inStock: 'true', cursor: 'a b' }),
    ).toEqual({ q: 'mug', minPrice: '12.5', inStock: true });
  });

  it('writes shareable URLs without the parameters the path implies', () => {
    expect(listingHref('/c/kitchen', { category: 'kitchen', sort: 'price_asc', cursor: 'abc' }, ['category'])).toBe(
      '/c/kitchen?sort=price_asc&cursor=abc',
    );
    expect(listingHref('/search', { q: 'a&b' })).toBe('/search?q=a%26b');
    expect(isFiltered({ q: 'x' })).toBe(false);
    expect(isFiltered({ q: 'x', cursor: 'c' })).toBe(true);
  });
});
