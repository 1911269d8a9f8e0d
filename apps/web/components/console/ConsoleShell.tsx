'use client';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { announceSessionChange, loginHref } from '../account/session';
import { useStore } from '../layout/StoreContext';
import { useConsole, useConsoleSession } from './ConsoleProvider';
import type { Permission, Role } from './ConsoleProvider';
import styles from './console.module.css';

export interface NavItem {
  href: string;
  /** Already translated. */
  label: string;
  /** Shown only to accounts holding this permission. */
  permission?: Permission;
  /** Shown only to accounts holding one of these roles. */
  roles?: readonly Role[];
  /** Matches only the exact path (a dashboard at the area's root). */
  exact?: boolean;
}

export interface NavSection {
  /** Already translated; omit for a section without a heading. */
  title?: string;
  items: readonly NavItem[];
}

/**
 * The frame of the vendor portal, the admin dashboard and the platform console: a top bar with the
 * store and the account, a side navigation holding only what the account may use, and the page.
 */
export function ConsoleShell({
  title,
  nav,
  children,
}: {
  title: string;
  nav: readonly NavSection[];
  children: ReactNode;
}) {
  const t = useTranslations('console');
  const store = useStore();
  const { me, can, hasRole } = useConsole();
  const session = useConsoleSession();
  const pathname = usePathname();
  const router = useRouter();

  const visible = (item: NavItem) =>
    (!item.permission || can(item.permission)) && (!item.roles || hasRole(...item.roles));
  const current = (item: NavItem) =>
    item.exact ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`);

  async function signOut() {
    try {
      await session.client.POST('/api/v1/auth/logout', { body: {} });
    } finally {
      announceSessionChange();
      // The store's consoles go to the storefront's sign-in; others (the platform's) to their own.
      router.replace(session.signIn === loginHref ? '/account/login' : session.signIn(pathname));
    }
  }

  return (
    <div className={styles.shell}>
      <a href="#main" className="skip-link">
        {t('skipToContent')}
      </a>
      <header className={styles.topbar}>
        <Link href="/" className={styles.brand}>
          {store.name}
        </Link>
        <span className={styles.area}>{title}</span>
        <span className={styles.spacer} />
        <span className={styles.who}>{me.name ?? me.email}</span>
        <button type="button" className="btn btn-secondary" onClick={() => void signOut()}>
          {t('signOut')}
        </button>
      </header>
      <div className={styles.body}>
        <nav className={styles.nav} aria-label={t('navLabel', { area: title })}>
          {nav.map((section, i) => {
            const items = section.items.filter(visible);
            if (items.length === 0) return null;
            return (
              <div key={section.title ?? i} className={styles.navSection}>
                {section.title && <p className={styles.navTitle}>{section.title}</p>}
                <ul>
                  {items.map((item) => (
                    <li key={item.href}>
                      <Link href={item.href} aria-current={current(item) ? 'page' : undefined}>
                        {item.label}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </nav>
        <main id="main" className={styles.main} tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}

/** A page's heading with its actions on the right, and an optional description below. */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className={styles.pageHeader}>
      <div>
        <h1 className={styles.h1}>{title}</h1>
        {description && <p className="muted">{description}</p>}
      </div>
      {actions && <div className={styles.actions}>{actions}</div>}
    </div>
  );
}

/** A page the account may not use: its heading, and why (a sentence). */
export function ForbiddenPage({ title, message }: { title: ReactNode; message: ReactNode }) {
  return (
    <>
      <PageHeader title={title} />
      <p role="alert" className="alert alert-error">
        {message}
      </p>
    </>
  );
}

/** A titled block of a page (a card): `<Panel title="Shipments">…</Panel>`. */
export function Panel({
  title,
  actions,
  children,
  id,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  id?: string;
}) {
  return (
    <section className={styles.panel} aria-labelledby={title && id ? `${id}-title` : undefined} id={id}>
      {(title || actions) && (
        <div className={styles.panelHeader}>
          {title && (
            <h2 className={styles.h2} id={id ? `${id}-title` : undefined}>
              {title}
            </h2>
          )}
          {actions && <div className={styles.actions}>{actions}</div>}
        </div>
      )}
      {children}
    </section>
  );
}

/** A status as a coloured label: `<StatusBadge tone="warning">Pending review</StatusBadge>`. */
export function StatusBadge({
  tone = 'neutral',
  children,
}: {
  tone?: 'neutral' | 'success' | 'warning' | 'danger' | 'info';
  children: ReactNode;
}) {
  return <span className={`${styles.badge} ${styles[`badge_${tone}`]}`}>{children}</span>;
}
