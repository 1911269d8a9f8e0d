'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import styles from './account.module.css';

const LINKS = [
  { href: '/account', key: 'overview' },
  { href: '/account/orders', key: 'orders' },
  { href: '/account/addresses', key: 'addresses' },
  { href: '/account/security', key: 'security' },
  { href: '/account/privacy', key: 'privacy' },
] as const;

/** The account section's own navigation; the current page is marked with `aria-current`. */
export function AccountNav() {
  const t = useTranslations('account');
  // The proxy rewrites `/account` to `/{tenant}/account`; the browser's path is the one without it.
  const pathname = usePathname().replace(/^\/[^/]+(?=\/account)/, '');
  return (
    <nav aria-label={t('nav.label')} className={styles.nav}>
      <ul>
        {LINKS.map((l) => {
          const current = l.href === '/account' ? pathname === l.href : pathname.startsWith(l.href);
          return (
            <li key={l.href}>
              <Link href={l.href} aria-current={current ? 'page' : undefined}>
                {t(`nav.${l.key}`)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
