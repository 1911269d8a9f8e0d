'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';

export function CartButton() {
  const t = useTranslations('common');
  return <Link href="/cart">{t('nav.cart')}</Link>;
}
