'use client';
import { useTranslations } from 'next-intl';

export function SearchBox() {
  const t = useTranslations('common');
  return (
    <form role="search" action="/search">
      <label htmlFor="site-search" className="visually-hidden">
        {t('search.label')}
      </label>
      <input id="site-search" name="q" type="search" className="input" placeholder={t('search.placeholder')} />
    </form>
  );
}
