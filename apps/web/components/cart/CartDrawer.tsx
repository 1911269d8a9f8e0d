'use client';
/**
 * The cart as a modal dialog, opened after an item is added: a native `<dialog>` with `showModal()`,
 * so the browser traps focus, closes on Escape and gives focus back to what had it.
 */
import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { useTranslations } from 'next-intl';
import { formatPrice } from '../../lib/format';
import { useStore } from '../layout/StoreContext';
import { useCart } from './CartProvider';
import styles from './CartDrawer.module.css';

export function CartDrawer() {
  const t = useTranslations('cart');
  const { locale } = useStore();
  const { cart, drawerOpen, closeDrawer } = useCart();
  const ref = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (drawerOpen && !dialog.open) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    } else if (!drawerOpen && dialog.open) {
      if (typeof dialog.close === 'function') dialog.close();
      else dialog.removeAttribute('open');
      returnTo.current?.focus();
      returnTo.current = null;
    }
  }, [drawerOpen]);

  const items = cart?.items ?? [];
  const titleId = 'cart-drawer-title';

  return (
    <dialog
      ref={ref}
      className={styles.drawer}
      aria-labelledby={titleId}
      onClose={closeDrawer}
      onCancel={(e) => {
        e.preventDefault();
        closeDrawer();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          closeDrawer();
        }
      }}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (e.target === e.currentTarget) closeDrawer();
      }}
    >
      {drawerOpen && (
        <div className={styles.content}>
          <div className={styles.head}>
            <h2 id={titleId} className={styles.title}>
              {t('drawer.title')}
            </h2>
            <button type="button" className={`btn btn-secondary ${styles.close}`} onClick={closeDrawer}>
              {t('drawer.close')}
            </button>
          </div>
          {items.length === 0 ? (
            <p className="empty">{t('drawer.empty')}</p>
          ) : (
            <ul className={styles.lines}>
              {items.map((item) => {
                const options = Object.values(item.options);
                return (
                  <li key={item.id} className={styles.line}>
                    <div>
                      <span className={styles.lineTitle}>{item.title}</span>
                      {options.length > 0 && <span className="muted"> · {options.join(' / ')}</span>}
                      <div className="muted">
                        {t('line.quantityTimesPrice', {
                          quantity: item.quantity,
                          price: formatPrice(item.unitPrice, locale),
                        })}
                      </div>
                    </div>
                    <span className="price">{formatPrice(item.lineTotal, locale)}</span>
                  </li>
                );
              })}
            </ul>
          )}
          {cart && items.length > 0 && (
            <p className={styles.subtotal}>
              <span>{t('totals.subtotal')}</span>
              <span className="price">{formatPrice(cart.totals.subtotal, locale)}</span>
            </p>
          )}
          <div className={styles.actions}>
            <Link href="/cart" className="btn btn-secondary" onClick={closeDrawer}>
              {t('drawer.viewCart')}
            </Link>
            {items.length > 0 && (
              <Link href="/checkout" className="btn" onClick={closeDrawer}>
                {t('drawer.checkout')}
              </Link>
            )}
          </div>
        </div>
      )}
    </dialog>
  );
}
