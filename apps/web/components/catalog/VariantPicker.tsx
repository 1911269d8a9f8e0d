'use client';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import type { Problem } from '@bazaar/sdk';
import { useCart } from '../cart/CartProvider';
import { useStore } from '../layout/StoreContext';
import { formatPrice } from '../../lib/format';
import type { ProductOption, Variant } from '../../lib/catalog-types';
import { ComparePrice } from './ProductCard';
import { choose, initialSelection, isSelectable, maxQuantity, variantFor } from './variant-selection';
import styles from './VariantPicker.module.css';

/** Puts a variant in the cart; resolves to null on success or the API's problem. */
export type AddToCart = (variantId: string, quantity: number) => Promise<Problem | null>;

export interface VariantPickerProps {
  options: readonly ProductOption[];
  variants: readonly Variant[];
  /** Defaults to the cart's `addItem`. */
  onAdd?: AddToCart;
}

/** Options, price, stock, quantity and "Add to cart" of a product page. */
export function VariantPicker({ onAdd, ...props }: VariantPickerProps) {
  return onAdd ? <VariantForm {...props} onAdd={onAdd} /> : <CartVariantPicker {...props} />;
}

function CartVariantPicker(props: Omit<VariantPickerProps, 'onAdd'>) {
  const { addItem } = useCart();
  return <VariantForm {...props} onAdd={addItem} />;
}

/** Low stock is shown as a count ("Only 3 left") at or below this many units. */
const LOW_STOCK = 5;

type Message = { kind: 'success' | 'error'; text: string } | null;

function VariantForm({ options, variants, onAdd }: Omit<VariantPickerProps, 'onAdd'> & { onAdd: AddToCart }) {
  const t = useTranslations('catalog');
  const store = useStore();
  const id = useId();
  const names = options.map((o) => o.name);
  const [selection, setSelection] = useState(() => initialSelection(names, variants));
  const [quantity, setQuantity] = useState('1');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);

  const variant = variantFor(names, variants, selection) as Variant | undefined;
  const max = maxQuantity(variant);
  const canBuy = variant !== undefined && variant.inStock && max > 0;
  const qty = Number(quantity);
  const qtyValid = Number.isInteger(qty) && qty >= 1 && qty <= max;

  function pick(index: number, value: string) {
    const next = choose(names, variants, selection, index, value);
    setSelection(next);
    setMessage(null);
    const nextMax = maxQuantity(variantFor(names, variants, next));
    if (Number(quantity) > nextMax) setQuantity(String(Math.max(1, nextMax)));
  }

  function problemText(problem: Problem): string {
    const key = `product.problems.${problem.code}`;
    if (t.has(key)) return t(key);
    return problem.detail || t('product.addFailed');
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!variant || !canBuy || !qtyValid || busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const problem = await onAdd(variant.id, qty);
      setMessage(
        problem ? { kind: 'error', text: problemText(problem) } : { kind: 'success', text: t('product.added') },
      );
    } catch {
      setMessage({ kind: 'error', text: t('product.addFailed') });
    } finally {
      setBusy(false);
    }
  }

  let stock: string;
  if (!variant) stock = t('product.unavailable');
  else if (!canBuy) stock = t('product.outOfStock');
  else if (variant.available <= LOW_STOCK) stock = t('product.onlyLeft', { count: variant.available });
  else stock = t('product.inStock');

  return (
    <form className={styles.picker} onSubmit={(e) => void submit(e)} noValidate>
      <p className={styles.price}>
        {variant && <span className="price">{formatPrice(variant.price, store.locale)}</span>}
        {variant?.compareAtPrice && variant.compareAtPrice.amount > variant.price.amount && (
          <ComparePrice
            text={formatPrice(variant.compareAtPrice, store.locale)}
            label={t('card.was', { price: formatPrice(variant.compareAtPrice, store.locale) })}
          />
        )}
      </p>
      <p className={canBuy ? styles.inStock : styles.outOfStock} data-testid="stock">
        {stock}
      </p>
      {options.map((option, index) => (
        <fieldset key={option.name} className={styles.option}>
          <legend>{option.name}</legend>
          <div className={styles.values}>
            {option.values.map((value) => {
              const enabled = isSelectable(names, variants, selection, index, value);
              return (
                <label key={value} className={styles.value}>
                  <input
                    type="radio"
                    name={`${id}-${option.name}`}
                    value={value}
                    checked={selection[option.name] === value}
                    disabled={!enabled}
                    onChange={() => pick(index, value)}
                  />
                  <span>{value}</span>
                </label>
              );
            })}
          </div>
        </fieldset>
      ))}
      <div className={styles.buy}>
        <div className={`field ${styles.quantity}`}>
          <label htmlFor={`${id}-qty`}>{t('product.quantity')}</label>
          <input
            id={`${id}-qty`}
            type="number"
            inputMode="numeric"
            min={1}
            max={Math.max(1, max)}
            step={1}
            value={quantity}
            disabled={!canBuy}
            aria-invalid={canBuy && !qtyValid ? true : undefined}
            aria-describedby={`${id}-qty-hint`}
            onChange={(e) => setQuantity(e.target.value)}
            onBlur={() => {
              if (!canBuy) return;
              const n = Math.round(Number(quantity));
              setQuantity(String(Number.isFinite(n) ? Math.min(Math.max(n, 1), max) : 1));
            }}
          />
          <span id={`${id}-qty-hint`} className={canBuy && !qtyValid ? 'field-error' : 'hint'}>
            {t('product.quantityHint', { max: Math.max(1, max) })}
          </span>
        </div>
        <button type="submit" className={`btn ${styles.add}`} disabled={!canBuy || busy}>
          {busy ? t('product.adding') : t('product.addToCart')}
        </button>
      </div>
      <p
        role="status"
        className={message ? (message.kind === 'success' ? 'alert alert-success' : 'alert alert-error') : styles.status}
      >
        {message?.text}
      </p>
    </form>
  );
}
