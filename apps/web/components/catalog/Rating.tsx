import { useTranslations } from 'next-intl';
import styles from './Rating.module.css';

/** Stars (visual) with the rating as text for assistive technology: "Rated 4.7 out of 5, 3 reviews". */
export function Rating({
  average,
  count,
  locale,
  single = false,
}: {
  average: number;
  count: number;
  locale: string;
  /** One review's stars: "Rated 4 out of 5", without a count. */
  single?: boolean;
}) {
  const t = useTranslations('catalog');
  const rounded = Math.round(average * 10) / 10;
  const shown = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(rounded);
  const label = single ? t('rating.single', { rating: shown }) : t('rating.label', { average: shown, count });
  const percent = Math.max(0, Math.min(100, (average / 5) * 100));
  return (
    <span className={styles.rating} role="img" aria-label={label}>
      <span className={styles.stars} aria-hidden="true">
        <span className={styles.empty}>★★★★★</span>
        <span className={styles.filled} style={{ width: `${percent}%` }}>
          ★★★★★
        </span>
      </span>
      {!single && (
        <span className={styles.count} aria-hidden="true">
          ({count})
        </span>
      )}
    </span>
  );
}
