'use client';
import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { useTranslations } from 'next-intl';

/** Error boundary of a store's pages: a translated message, a retry and a way home. */
export default function StoreError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('catalog');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="empty" role="alert">
      <h1 ref={heading} tabIndex={-1}>
        {t('error.title')}
      </h1>
      <p>{t('error.body')}</p>
      <p>
        <button type="button" className="btn" onClick={() => reset()}>
          {t('error.retry')}
        </button>{' '}
        <Link href="/" className="btn btn-secondary">
          {t('error.home')}
        </Link>
      </p>
    </div>
  );
}
