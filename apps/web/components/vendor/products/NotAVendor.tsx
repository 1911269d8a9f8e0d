'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { PageHeader } from '../../console/ConsoleShell';
import styles from './products.module.css';

/** What an account without the vendor role sees on the product pages: where to apply to sell. */
export function NotAVendor() {
  const t = useTranslations('vendorProducts');
  return (
    <>
      <PageHeader title={t('list.title')} />
      <div className="alert">
        <p className={styles.flush}>{t('notVendor.body')}</p>
        <Link href="/vendor">{t('notVendor.link')}</Link>
      </div>
    </>
  );
}
