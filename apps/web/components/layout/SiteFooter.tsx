import { getTranslations } from 'next-intl/server';

export async function SiteFooter({ storeName }: { storeName: string }) {
  const t = await getTranslations('common');
  return (
    <footer className="container muted" style={{ padding: '2rem 1rem', borderTop: '1px solid var(--border)' }}>
      <p>{t('footer.tagline', { store: storeName })}</p>
    </footer>
  );
}
