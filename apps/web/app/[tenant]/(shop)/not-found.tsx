'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';

/** 404 inside a store: rendered within the store layout, so it speaks the store's language. */
export default function NotFound() {
  const t = useTranslations('catalog');
  return (
    <div className="empty">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <Link href="/" className="btn">
        {t('notFound.home')}
      </Link>
    </div>
  );
}
