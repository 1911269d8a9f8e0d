'use client';
/** The header's cart link with the number of items ("Cart, 3 items"). */
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useCart } from './CartProvider';
import styles from './CartButton.module.css';

export function CartButton() {
  const t = useTranslations('cart');
  const { itemCount } = useCart();
  return (
    <Link href="/cart" className={styles.button} aria-label={t('button.label', { count: itemCount })}>
      <svg aria-hidden="true" focusable="false" width="22" height="22" viewBox="0 0 24 24" className={styles.icon}>
        <path
          fill="currentColor"
          d="M7 18a2 2 0 1 0 0 4 2 2 0 0 0 0-4Zm10 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4ZM1 2v2h2l3.6 7.6-1.4 2.4A2 2 0 0 0 7 17h12v-2H7.4l1.1-2h7.5a2 2 0 0 0 1.7-1l3.6-6.5A1 1 0 0 0 20.4 4H5.2l-.9-2H1Z"
        />
      </svg>
      <span className={styles.text} aria-hidden="true">
        {t('page.title')}
      </span>
      {itemCount > 0 && (
        <span className={styles.badge} aria-hidden="true">
          {itemCount}
        </span>
      )}
    </Link>
  );
}
