'use client';
import { useTranslations } from 'next-intl';
import styles from './ListingSkeleton.module.css';

/** Placeholder while a listing or product page loads (announced once as "Loading…"). */
export function ListingSkeleton({ cards = 8, product = false }: { cards?: number; product?: boolean }) {
  const t = useTranslations('catalog');
  return (
    <div aria-busy="true">
      <p role="status" className="visually-hidden">
        {t('loading')}
      </p>
      <div className={`skeleton ${styles.title}`} />
      {product ? (
        <div className={styles.product}>
          <div className={`skeleton ${styles.image}`} />
          <div>
            <div className={`skeleton ${styles.line}`} />
            <div className={`skeleton ${styles.line}`} />
            <div className={`skeleton ${styles.button}`} />
          </div>
        </div>
      ) : (
        <div className={styles.grid}>
          {Array.from({ length: cards }, (_, i) => (
            <div key={i} className={`skeleton ${styles.card}`} />
          ))}
        </div>
      )}
    </div>
  );
}
