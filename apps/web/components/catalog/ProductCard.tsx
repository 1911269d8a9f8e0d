import Image from 'next/image';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { formatPrice } from '../../lib/format';
import type { ProductSummary } from '../../lib/catalog-types';
import { Rating } from './Rating';
import styles from './ProductCard.module.css';

export interface ProductCardProps {
  product: ProductSummary;
  /** The store's locale (`store.locale`), for prices. */
  locale: string;
  /** Load the image eagerly (the first cards above the fold). */
  priority?: boolean;
  /** Heading level of the title inside the grid (h2 on pages whose sections have no heading, else h3). */
  headingLevel?: 2 | 3;
}

/** A product in a grid: image, title link, seller, price (range), compare-at, rating, stock. No client JS. */
export function ProductCard({ product, locale, priority = false, headingLevel = 3 }: ProductCardProps) {
  const t = useTranslations('catalog');
  const { priceRange, compareAtPrice, image, rating } = product;
  const ranged = priceRange.min.amount !== priceRange.max.amount;
  const price = formatPrice(priceRange.min, locale);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className={styles.card}>
      <div className={styles.media}>
        {image ? (
          <Image
            src={image.url}
            alt={image.alt || product.title}
            width={image.width}
            height={image.height}
            sizes="(min-width: 1100px) 270px, (min-width: 640px) 33vw, 50vw"
            priority={priority}
            className={styles.image}
          />
        ) : (
          <span className={styles.placeholder}>{t('card.noImage')}</span>
        )}
        {!product.inStock && <span className={styles.badge}>{t('card.outOfStock')}</span>}
      </div>
      <div className={styles.body}>
        <Heading className={styles.title}>
          <Link href={`/p/${product.slug}`} className={styles.link}>
            {product.title}
          </Link>
        </Heading>
        <p className={styles.vendor}>{t('card.by', { vendor: product.vendor.name })}</p>
        <p className={styles.prices}>
          <span className="price">{ranged ? t('card.from', { price }) : price}</span>
          {compareAtPrice && compareAtPrice.amount > priceRange.min.amount && (
            <ComparePrice
              text={formatPrice(compareAtPrice, locale)}
              label={t('card.was', { price: formatPrice(compareAtPrice, locale) })}
            />
          )}
        </p>
        {rating.count > 0 ? (
          <Rating average={rating.average} count={rating.count} locale={locale} />
        ) : (
          <p className={styles.noReviews}>{t('card.noReviews')}</p>
        )}
      </div>
    </article>
  );
}

/** A struck-through "was" price, read out as "Was $99.00" (strike-through is not announced). */
export function ComparePrice({ text, label }: { text: string; label: string }) {
  return (
    <>
      <span className="visually-hidden">{label}</span>
      <s className="price-compare" aria-hidden="true">
        {text}
      </s>
    </>
  );
}
