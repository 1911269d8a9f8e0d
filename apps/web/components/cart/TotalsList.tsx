/** Subtotal, discount, shipping, tax and total as the API computed them (cart, checkout, order). */
import { useTranslations } from 'next-intl';
import { formatPrice } from '../../lib/format';
import type { Money } from '../../lib/format';
import styles from './TotalsList.module.css';

export interface Totals {
  subtotal: Money;
  discount: Money;
  shipping: Money;
  tax: Money;
  total: Money;
}

export function TotalsList({ totals, taxIncluded, locale }: { totals: Totals; taxIncluded: boolean; locale: string }) {
  const t = useTranslations('cart');
  return (
    <dl className={styles.totals}>
      <div className={styles.row}>
        <dt>{t('totals.subtotal')}</dt>
        <dd>{formatPrice(totals.subtotal, locale)}</dd>
      </div>
      {totals.discount.amount > 0 && (
        <div className={styles.row}>
          <dt>{t('totals.discount')}</dt>
          <dd>−{formatPrice(totals.discount, locale)}</dd>
        </div>
      )}
      <div className={styles.row}>
        <dt>{t('totals.shipping')}</dt>
        <dd>{totals.shipping.amount === 0 ? t('shipping.free') : formatPrice(totals.shipping, locale)}</dd>
      </div>
      <div className={styles.row}>
        <dt>{taxIncluded ? t('totals.taxIncluded') : t('totals.tax')}</dt>
        <dd>{formatPrice(totals.tax, locale)}</dd>
      </div>
      <div className={`${styles.row} ${styles.total}`}>
        <dt>{t('totals.total')}</dt>
        <dd>{formatPrice(totals.total, locale)}</dd>
      </div>
    </dl>
  );
}
