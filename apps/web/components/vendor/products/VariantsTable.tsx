'use client';
import type { InputHTMLAttributes, ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import consoleStyles from '../../console/console.module.css';
import { moneyInput } from '../../console/format';
import { variantLabel } from './productForm';
import type { OptionDraft, VariantDraft } from './productForm';
import styles from './products.module.css';

type VariantField = 'sku' | 'price' | 'compareAtPrice' | 'stock' | 'weight';

/** An input in a table cell: its label is read out (the column and the variant), not shown. */
function CellInput({
  id,
  label,
  error,
  hint,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  id: string;
  label: string;
  error: string | undefined;
  hint?: ReactNode;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`field ${styles.cell}`}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * One row per variant (a combination of option values): SKU, price, compare-at price, stock, weight
 * and, for a saved product, whether it is on sale. Prices are typed in major units of `currency`.
 */
export function VariantsTable({
  options,
  variants,
  currency,
  showActive,
  reservedOf,
  fieldId,
  errorFor,
  onChange,
}: {
  options: readonly OptionDraft[];
  variants: readonly VariantDraft[];
  currency: string;
  /** New products' variants are all active; a saved product's can be switched off. */
  showActive: boolean;
  /** Units of a saved variant held by checkouts. */
  reservedOf: (id: string | undefined) => number;
  fieldId: (path: string) => string;
  errorFor: (path: string) => string | undefined;
  onChange: (index: number, patch: Partial<VariantDraft>, path: string) => void;
}) {
  const t = useTranslations('vendorProducts');

  const input = (
    v: VariantDraft,
    i: number,
    field: VariantField,
    name: string,
    extra: InputHTMLAttributes<HTMLInputElement>,
    hint?: ReactNode,
  ) => {
    const path = `variants.${i}.${field}`;
    return (
      <CellInput
        id={fieldId(path)}
        label={t('variants.cellLabel', { field: t(`variants.${field}`), variant: name })}
        value={v[field]}
        error={errorFor(path)}
        hint={hint}
        autoComplete="off"
        onChange={(e) => onChange(i, { [field]: e.target.value }, path)}
        {...extra}
      />
    );
  };

  return (
    <div>
      <p className="hint">{t('variants.description', { currency })}</p>
      <div className={consoleStyles.tableWrap}>
        <table className={`${consoleStyles.table} ${styles.variants}`}>
          <caption className="visually-hidden">{t('variants.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('variants.variant')}</th>
              <th scope="col">{t('variants.sku')}</th>
              <th scope="col">{t('variants.priceIn', { currency })}</th>
              <th scope="col">{t('variants.compareAtPrice')}</th>
              <th scope="col">{t('variants.stock')}</th>
              <th scope="col">{t('variants.weight')}</th>
              {showActive && <th scope="col">{t('variants.active')}</th>}
            </tr>
          </thead>
          <tbody>
            {variants.map((v, i) => {
              const name = variantLabel(options, v) || t('variants.default');
              const reserved = reservedOf(v.id);
              return (
                <tr key={v.key} className={v.active ? undefined : styles.inactive}>
                  <th scope="row">
                    {name}
                    {!v.active && <span className={styles.rowNote}>{t('variants.inactive')}</span>}
                  </th>
                  <td>{input(v, i, 'sku', name, { maxLength: 64, spellCheck: false })}</td>
                  <td>{input(v, i, 'price', name, { inputMode: 'decimal', placeholder: moneyInput(0, currency) })}</td>
                  <td>{input(v, i, 'compareAtPrice', name, { inputMode: 'decimal' })}</td>
                  <td>
                    {input(
                      v,
                      i,
                      'stock',
                      name,
                      { inputMode: 'numeric' },
                      reserved > 0 ? t('variants.reserved', { count: reserved }) : undefined,
                    )}
                  </td>
                  <td>{input(v, i, 'weight', name, { inputMode: 'numeric' })}</td>
                  {showActive && (
                    <td>
                      <label className={styles.checkCell}>
                        <input
                          type="checkbox"
                          checked={v.active}
                          onChange={(e) => onChange(i, { active: e.target.checked }, `variants.${i}.active`)}
                        />
                        <span className="visually-hidden">
                          {t('variants.cellLabel', { field: t('variants.active'), variant: name })}
                        </span>
                      </label>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {errorFor('variants') && (
        <p id={fieldId('variants')} className="field-error" tabIndex={-1}>
          {errorFor('variants')}
        </p>
      )}
    </div>
  );
}
