import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { SearchBox } from '../catalog/SearchBox';
import { CartButton } from '../cart/CartButton';
import { AccountLink } from '../account/AccountLink';
import styles from './SiteHeader.module.css';

export async function SiteHeader({ storeName }: { storeName: string }) {
  const t = await getTranslations('common');
  return (
    <header className={styles.header}>
      <div className={`container ${styles.bar}`}>
        <Link href="/" className={styles.brand}>
          {storeName}
        </Link>
        <div className={styles.search}>
          <SearchBox />
        </div>
        <nav aria-label={t('nav.label')} className={styles.nav}>
          <AccountLink />
          <CartButton />
        </nav>
      </div>
    </header>
  );
}
