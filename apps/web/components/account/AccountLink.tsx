'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';

export function AccountLink() {
  const t = useTranslations('common');
  return <Link href="/account">{t('nav.account')}</Link>;
}
