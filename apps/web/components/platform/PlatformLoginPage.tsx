'use client';
import { useTranslations } from 'next-intl';
import { PlatformLogin } from './PlatformLogin';
import styles from './platform.module.css';

/** The platform console's sign-in page, outside the console (no account yet). */
export function PlatformLoginPage() {
  const t = useTranslations('platform');
  return (
    <main id="main" className={styles.loginMain} tabIndex={-1}>
      <p className={styles.brand}>{t('brand')}</p>
      <h1>{t('login.title')}</h1>
      <p className="muted">{t('login.description')}</p>
      <PlatformLogin />
    </main>
  );
}
