'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import styles from './settings.module.css';

const SECTIONS = [
  { href: '/admin/settings', key: 'store' },
  { href: '/admin/settings/taxes', key: 'taxes' },
  { href: '/admin/settings/shipping', key: 'shipping' },
  { href: '/admin/settings/sign-in', key: 'signIn' },
] as const;

/** The settings' sections as tabs (links, so each has its own address). */
export function SettingsNav() {
  const t = useTranslations('settings');
  const pathname = usePathname();
  return (
    <nav aria-label={t('nav.label')} className={styles.tabs}>
      <ul>
        {SECTIONS.map((s) => (
          <li key={s.href}>
            <Link href={s.href} aria-current={pathname === s.href ? 'page' : undefined}>
              {t(`nav.${s.key}`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
