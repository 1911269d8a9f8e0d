'use client';
import { useTranslations } from 'next-intl';
import styles from './vendor.module.css';

/** The columns of the CSV file (`apps/api/src/modules/catalog/catalog.csv.ts`), in the export's order. */
export const CSV_COLUMNS = [
  'product_slug',
  'title',
  'description',
  'category',
  'option1_name',
  'option1_value',
  'option2_name',
  'option2_value',
  'option3_name',
  'option3_value',
  'sku',
  'price',
  'compare_at_price',
  'stock',
  'weight_grams',
  'active',
] as const;

const REQUIRED = new Set<string>(['product_slug', 'sku', 'price', 'stock']);

/** Message key of a column's description; the three option pairs share theirs. */
const describe = (column: string) => column.replace(/^option\d_/, 'option_');

/** What goes in each column of an import file, and the rules rows follow. */
export function CsvColumns() {
  const t = useTranslations('vendor');
  return (
    <>
      <p className={styles.prose}>{t('imports.columns.intro')}</p>
      <p className={styles.code}>{CSV_COLUMNS.join(',')}</p>
      <dl className={styles.columns}>
        {CSV_COLUMNS.map((c) => (
          <div key={c} style={{ display: 'contents' }}>
            <dt>{c}</dt>
            <dd>
              {REQUIRED.has(c) && <strong>{t('imports.columns.required')} </strong>}
              {t(`imports.columns.col.${describe(c)}`)}
            </dd>
          </div>
        ))}
      </dl>
      <ul className={styles.prose}>
        <li>{t('imports.columns.rule1')}</li>
        <li>{t('imports.columns.rule2')}</li>
        <li>{t('imports.columns.rule3')}</li>
        <li>{t('imports.columns.rule4')}</li>
      </ul>
    </>
  );
}
