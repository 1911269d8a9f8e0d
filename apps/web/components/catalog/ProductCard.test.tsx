import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithStore } from '../../test/render';
import type { ProductSummary } from '../../lib/catalog-types';
import { ProductCard } from './ProductCard';

const usd = (amount: number) => ({ amount, currency: 'USD' });

/** A list item as `GET /api/v1/products` returns it. */
function product(overrides: Partial<ProductSummary> = {}): ProductSummary {
  return {
    id: '01a24964-e6bf-77ed-b078-0269f9a4186d',
    slug: 'wide-ramen-bowl',
    title: 'Wide Ramen Bowl',
    price: usd(3600),
    priceRange: { min: usd(3600), max: usd(3600) },
    image: {
      url: '/api/v1/media/t/products/p/i.webp',
      thumbnailUrl: '/api/v1/media/t/products/p/i-thumb.webp',
      alt: 'A celadon bowl',
      width: 640,
      height: 640,
    },
    vendor: { id: '01a24964-e6d6-7268-8d6c-430fc5f7d231', slug: 'demo-crafts', name: 'Demo Crafts' },
    category: { id: '01a24964-e6f0-77fe-b4ce-6d7418265904', slug: 'kitchen', name: 'Kitchen' },
    rating: { average: 4.67, count: 3 },
    inStock: true,
    featured: false,
    createdAt: '2026-12-06T02:13:59.167Z',
    ...overrides,
  };
}

describe('ProductCard', () => {
  it('links the title to the product page and names the vendor', () => {
    renderWithStore(<ProductCard product={product()} locale="en" />);
    expect(screen.getByRole('link', { name: 'Wide Ramen Bowl' }).getAttribute('href')).toBe('/p/wide-ramen-bowl');
    expect(screen.getByText('by Demo Crafts')).toBeTruthy();
    expect(screen.getByRole('img', { name: 'A celadon bowl' }).getAttribute('loading')).toBe('lazy');
  });

  it('shows a single price, or "from" the lowest when variants differ', () => {
    const { unmount } = renderWithStore(<ProductCard product={product()} locale="en" />);
    expect(screen.getByText('$36.00')).toBeTruthy();
    unmount();
    renderWithStore(<ProductCard product={product({ priceRange: { min: usd(3600), max: usd(4200) } })} locale="en" />);
    expect(screen.getByText('from $36.00')).toBeTruthy();
    expect(screen.queryByText('$42.00')).toBeNull();
  });

  it('strikes through the compare-at price and announces it as the old price', () => {
    const { container } = renderWithStore(
      <ProductCard
        product={product({
          price: usd(8800),
          priceRange: { min: usd(8800), max: usd(8800) },
          compareAtPrice: usd(9900),
        })}
        locale="en"
      />,
    );
    expect(container.querySelector('s')?.textContent).toBe('$99.00');
    expect(screen.getByText('Was $99.00')).toBeTruthy();
  });

  it('ignores a compare-at price that is not higher', () => {
    const { container } = renderWithStore(<ProductCard product={product({ compareAtPrice: usd(3600) })} locale="en" />);
    expect(container.querySelector('s')).toBeNull();
  });

  it('gives the rating as text: "Rated 4.7 out of 5, 3 reviews"', () => {
    renderWithStore(<ProductCard product={product()} locale="en" />);
    expect(screen.getByRole('img', { name: 'Rated 4.7 out of 5, 3 reviews' })).toBeTruthy();
  });

  it('says so when there are no reviews, and badges sold-out products', () => {
    renderWithStore(
      <ProductCard product={product({ rating: { average: 0, count: 0 }, inStock: false })} locale="en" />,
    );
    expect(screen.getByText('No reviews yet')).toBeTruthy();
    expect(screen.getByText('Out of stock')).toBeTruthy();
  });

  it('formats prices in the store locale and currency, in German', () => {
    const eur = (amount: number) => ({ amount, currency: 'EUR' });
    renderWithStore(
      <ProductCard
        product={product({ price: eur(8990), priceRange: { min: eur(8990), max: eur(9990) } })}
        locale="de"
      />,
      { locale: 'de' },
    );
    expect(screen.getByText('ab 89,90 €')).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Bewertet mit 4,7 von 5, 3 Bewertungen' })).toBeTruthy();
  });
});
