import Link from 'next/link';
import { useTranslations } from 'next-intl';
import styles from './Breadcrumb.module.css';

export interface Crumb {
  name: string;
  href?: string;
}

/** Breadcrumb trail; the last crumb (the current page) has no link and `aria-current="page"`. */
export function Breadcrumb({ items }: { items: readonly Crumb[] }) {
  const t = useTranslations('catalog');
  return (
    <nav aria-label={t('category.breadcrumb')} className={styles.nav}>
      <ol className={styles.list}>
        <li>
          <Link href="/">{t('category.home')}</Link>
        </li>
        {items.map((item, i) => (
          <li key={`${item.name}-${i}`}>
            {item.href ? <Link href={item.href}>{item.name}</Link> : <span aria-current="page">{item.name}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
