'use client';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { useConsole } from '../console/ConsoleProvider';
import { PageHeader } from '../console/ConsoleShell';

/** A page only people who sell here may use; anyone else is pointed to the dashboard (to apply). */
export function RequireVendor({ title, children }: { title: string; children: ReactNode }) {
  const t = useTranslations('vendor');
  const { hasRole } = useConsole();
  if (hasRole('vendor')) return <>{children}</>;
  return (
    <>
      <PageHeader title={title} />
      <div className="empty" role="alert">
        <p>{t('notVendor.body')}</p>
        <p>
          <Link href="/vendor" className="btn">
            {t('notVendor.link')}
          </Link>
        </p>
      </div>
    </>
  );
}
