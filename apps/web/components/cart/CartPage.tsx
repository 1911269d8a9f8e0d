'use client';
/** The cart page: lines by vendor with quantities, coupons, shipping options and the API's totals. */
import Image from 'next/image';
import Link from 'next/link';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import type { Problem } from '@bazaar/sdk';
import { formatPrice } from '../../lib/format';
import { useStore } from '../layout/StoreContext';
import { useCart } from './CartProvider';
import type { CartItemView, CartView } from './CartProvider';
import { cartProblemMessage, couponReason } from './problems';
import { groupByVendor } from './groupByVendor';
import { TotalsList } from './TotalsList';
import { useShippingOptions } from './useShippingOptions';
import { CartLoadError, EmptyCart } from './CartStates';
import styles from './CartPage.module.css';

type Notice = { kind: 'status' | 'error'; text: string } | null;

export function CartPage() {
  const t = useTranslations('cart');
  const { locale } = useStore();
  const { cart, status, reload, updateItem, removeItem, applyCoupon, removeCoupon, guestCredentials } = useCart();
  const [notice, setNotice] = useState<Notice>(null);

  const report = (problem: Problem | null, ok: string) =>
    setNotice(problem ? { kind: 'error', text: cartProblemMessage(t, problem) } : { kind: 'status', text: ok });

  const live = (
    <>
      <p role="status" className="visually-hidden">
        {notice?.kind === 'status' ? notice.text : ''}
      </p>
      <div role="alert">{notice?.kind === 'error' && <p className="alert alert-error">{notice.text}</p>}</div>
    </>
  );

  if (status === 'loading' && !cart) {
    return (
      <div aria-busy="true">
        <p className="visually-hidden" role="status">
          {t('page.loading')}
        </p>
        <div className={styles.layout} aria-hidden="true">
          <div className={styles.lines}>
            {[0, 1, 2].map((i) => (
              <div key={i} className={`skeleton ${styles.skeletonLine}`} />
            ))}
          </div>
          <div className={`skeleton ${styles.skeletonSummary}`} />
        </div>
      </div>
    );
  }

  if (status === 'error' && !cart) {
    return <CartLoadError message={t('page.loadError')} retry={t('page.retry')} onRetry={() => void reload()} />;
  }

  if (!cart || cart.items.length === 0) {
    return (
      <>
        {live}
        <EmptyCart message={t('page.empty')} link={t('page.continueShopping')} />
      </>
    );
  }

  const blocked = cart.items.some((item) => !item.purchasable || item.available < item.quantity);

  return (
    <>
      {live}
      <div className={styles.layout}>
        <section aria-labelledby="cart-items" className={styles.lines}>
          <h2 id="cart-items" className="visually-hidden">
            {t('page.items')}
          </h2>
          {groupByVendor(cart.items).map(({ vendor, items }, groupIndex) => (
            <div key={vendor.id} className={styles.vendor}>
              <h3 className={styles.vendorName}>{t('page.soldBy', { vendor: vendor.name })}</h3>
              <ul className={styles.list}>
                {items.map((item, i) => (
                  <CartLine
                    key={item.id}
                    item={item}
                    locale={locale}
                    priority={groupIndex === 0 && i === 0}
                    onQuantity={async (quantity) =>
                      report(
                        quantity === 0 ? await removeItem(item.id) : await updateItem(item.id, quantity),
                        t('page.updated'),
                      )
                    }
                    onRemove={async () => report(await removeItem(item.id), t('page.updated'))}
                  />
                ))}
              </ul>
            </div>
          ))}
        </section>

        <aside className={styles.summary} aria-labelledby="cart-summary">
          <h2 id="cart-summary" className={styles.summaryTitle}>
            {t('totals.heading')}
          </h2>
          <CouponForm
            cart={cart}
            onApply={async (code) => {
              const problem = await applyCoupon(code);
              // A refused code is explained next to the field; only success goes to the live region.
              setNotice(problem ? null : { kind: 'status', text: t('coupon.added', { code: code.toUpperCase() }) });
              return problem;
            }}
            onRemove={async (code) => report(await removeCoupon(code), t('coupon.removed', { code }))}
          />
          <ShippingSummary cart={cart} token={guestCredentials()?.token} locale={locale} />
          <TotalsList totals={cart.totals} taxIncluded={cart.taxIncluded} locale={locale} />
          {blocked ? (
            <span className="btn" aria-disabled="true" role="link">
              {t('page.checkout')}
            </span>
          ) : (
            <Link href="/checkout" className="btn">
              {t('page.checkout')}
            </Link>
          )}
          <Link href="/" className="btn btn-secondary">
            {t('page.continueShopping')}
          </Link>
        </aside>
      </div>
    </>
  );
}

function CartLine({
  item,
  locale,
  priority,
  onQuantity,
  onRemove,
}: {
  item: CartItemView;
  locale: string;
  priority: boolean;
  onQuantity: (quantity: number) => Promise<void>;
  onRemove: () => Promise<void>;
}) {
  const t = useTranslations('cart');
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const options = Object.entries(item.options);
  const max = Math.max(1, Math.min(100, item.available || item.quantity));

  const commit = async (quantity: number) => {
    setDraft(null);
    if (!Number.isInteger(quantity) || quantity < 0 || quantity === item.quantity) return;
    setBusy(true);
    try {
      await onQuantity(Math.min(quantity, 100));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className={styles.line}>
      <div className={styles.image}>
        {item.image ? (
          <Image
            src={item.image.thumbnailUrl || item.image.url}
            alt={item.image.alt || t('line.imageFallback', { title: item.title })}
            width={item.image.width}
            height={item.image.height}
            sizes="96px"
            priority={priority}
          />
        ) : (
          <span className={styles.noImage} aria-hidden="true" />
        )}
      </div>
      <div className={styles.info}>
        <Link href={`/p/${item.productSlug}`} className={styles.title}>
          {item.title}
        </Link>
        {options.length > 0 && (
          <ul className={styles.options}>
            {options.map(([name, value]) => (
              <li key={name}>
                {name}: {value}
              </li>
            ))}
          </ul>
        )}
        <p className="muted">{t('line.unitPrice', { price: formatPrice(item.unitPrice, locale) })}</p>
        {!item.purchasable ? (
          <p className="field-error">{t('line.unavailable')}</p>
        ) : (
          item.available < item.quantity && (
            <p className="field-error">{t('line.onlyAvailable', { count: item.available })}</p>
          )
        )}
      </div>
      <div className={styles.controls}>
        <label htmlFor={`${id}-qty`} className="visually-hidden">
          {t('line.quantityOf', { title: item.title })}
        </label>
        <div className={styles.stepper}>
          <button
            type="button"
            className={styles.step}
            aria-label={t('line.decrease', { title: item.title })}
            disabled={busy || item.quantity <= 1}
            onClick={() => void commit(item.quantity - 1)}
          >
            −
          </button>
          <input
            id={`${id}-qty`}
            className={styles.qty}
            type="number"
            inputMode="numeric"
            min={1}
            max={Math.max(max, item.quantity)}
            value={draft ?? String(item.quantity)}
            disabled={busy}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={() => draft !== null && void commit(Number(draft))}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && draft !== null) {
                e.preventDefault();
                void commit(Number(draft));
              }
            }}
          />
          <button
            type="button"
            className={styles.step}
            aria-label={t('line.increase', { title: item.title })}
            disabled={busy || item.quantity >= 100}
            onClick={() => void commit(item.quantity + 1)}
          >
            +
          </button>
        </div>
        <p className={`price ${styles.lineTotal}`}>
          <span className="visually-hidden">{t('line.lineTotal')}: </span>
          {formatPrice(item.lineTotal, locale)}
        </p>
        <button
          type="button"
          className="btn-link"
          aria-label={t('line.removeItem', { title: item.title })}
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void onRemove().finally(() => setBusy(false));
          }}
        >
          {t('line.remove')}
        </button>
      </div>
    </li>
  );
}

function CouponForm({
  cart,
  onApply,
  onRemove,
}: {
  cart: CartView;
  onApply: (code: string) => Promise<Problem | null>;
  onRemove: (code: string) => Promise<void>;
}) {
  const t = useTranslations('cart');
  const { locale } = useStore();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const value = code.trim();
    if (!value) {
      setError(t('coupon.required'));
      return;
    }
    setBusy(true);
    const problem = await onApply(value);
    setBusy(false);
    if (problem) setError(cartProblemMessage(t, problem));
    else {
      setError(null);
      setCode('');
    }
  };

  return (
    <div className={styles.coupon}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-code`}>{t('coupon.label')}</label>
          <div className={styles.couponRow}>
            <input
              id={`${id}-code`}
              name="coupon"
              autoComplete="off"
              autoCapitalize="characters"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
            />
            <button type="submit" className="btn btn-secondary" disabled={busy}>
              {t('coupon.apply')}
            </button>
          </div>
          {error && (
            <p id={`${id}-error`} className="field-error">
              {error}
            </p>
          )}
        </div>
      </form>
      {cart.coupons.length > 0 && (
        <div>
          <h3 className={styles.smallHeading}>{t('coupon.applied')}</h3>
          <ul className={styles.coupons}>
            {cart.coupons.map((coupon) => (
              <li key={coupon.code}>
                <span>
                  <strong>{coupon.code}</strong>
                  {coupon.applied ? (
                    coupon.amount.amount > 0 && <> (−{formatPrice(coupon.amount, locale)})</>
                  ) : (
                    <span className="field-error">
                      {' '}
                      {t('coupon.notApplied', { reason: couponReason(t, coupon.reason) })}
                    </span>
                  )}
                </span>
                <button
                  type="button"
                  className="btn-link"
                  aria-label={t('coupon.removeCode', { code: coupon.code })}
                  onClick={() => void onRemove(coupon.code)}
                >
                  {t('coupon.remove')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function ShippingSummary({ cart, token, locale }: { cart: CartView; token: string | undefined; locale: string }) {
  const t = useTranslations('cart');
  const options = useShippingOptions(cart, token);
  const vendors = groupByVendor(cart.items).map((g) => g.vendor);
  return (
    <div className={styles.shipping}>
      <h3 className={styles.smallHeading}>{t('shipping.heading')}</h3>
      {options.status === 'loading' ? (
        <p className="muted">{t('shipping.loading')}</p>
      ) : options.status === 'error' ? (
        <p className="muted">{t('shipping.error')}</p>
      ) : (
        <ul className={styles.shippingList}>
          {vendors.map((vendor) => {
            const list = options.byVendor.get(vendor.id) ?? [];
            return (
              <li key={vendor.id}>
                <strong>{vendor.name}</strong>
                {list.length === 0 ? (
                  <p className="field-error">{t('shipping.none')}</p>
                ) : (
                  <ul className={styles.options}>
                    {list.map((option) => (
                      <li key={option.id}>
                        {t('shipping.option', {
                          name: option.name,
                          price: option.price.amount === 0 ? t('shipping.free') : formatPrice(option.price, locale),
                        })}{' '}
                        <span className="muted">
                          ({t('shipping.daysRange', { min: option.estimatedDays.min, max: option.estimatedDays.max })})
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <p className="hint">{t('shipping.note')}</p>
    </div>
  );
}
