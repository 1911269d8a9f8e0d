import type { ProductSummary } from '../../lib/catalog-types';
import { ProductCard } from './ProductCard';
import styles from './ProductGrid.module.css';

/** A responsive grid of product cards; the first `eager` images load with priority (above the fold). */
export function ProductGrid({
  products,
  locale,
  eager = 0,
  headingLevel = 3,
}: {
  products: readonly ProductSummary[];
  locale: string;
  eager?: number;
  headingLevel?: 2 | 3;
}) {
  return (
    <ul className={styles.grid}>
      {products.map((product, i) => (
        <li key={product.id}>
          <ProductCard product={product} locale={locale} priority={i < eager} headingLevel={headingLevel} />
        </li>
      ))}
    </ul>
  );
}
