import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../lib/page';
import type { TenantParams } from '../../../lib/page';
import { getCategoryTree, listProducts } from '../../../lib/catalog-data';
import { ProductGrid } from '../../../components/catalog/ProductGrid';
import styles from '../../../components/catalog/Home.module.css';

export async function generateMetadata({ params }: { params: TenantParams }): Promise<Metadata> {
  const { tenant } = await params;
  const { store } = await setupPage(tenant);
  const t = await getTranslations('catalog');
  return {
    title: { absolute: store.name },
    description: t('home.metaDescription', { store: store.name }),
    alternates: { canonical: '/' },
    openGraph: { title: store.name, url: '/' },
  };
}

/** Rendered on a store's first visit, then served from cache and revalidated in the background. */
export async function generateStaticParams(): Promise<{ tenant: string }[]> {
  return [];
}

export default async function HomePage({ params }: { params: TenantParams }) {
  const { tenant } = await params;
  const { store } = await setupPage(tenant);
  const t = await getTranslations('catalog');
  const [featured, newest, categories] = await Promise.all([
    listProducts(tenant, { featured: true }, store.currency, 8),
    listProducts(tenant, { sort: 'newest' }, store.currency, 8),
    getCategoryTree(tenant),
  ]);
  return (
    <>
      <section className={styles.hero}>
        <h1>{t('home.title', { store: store.name })}</h1>
        <p className={styles.lead}>{t('home.lead')}</p>
        <Link href="/search" className="btn">
          {t('home.browse')}
        </Link>
      </section>

      {featured.items.length > 0 && (
        <section aria-labelledby="home-featured" className={styles.section}>
          <h2 id="home-featured">{t('home.featured')}</h2>
          <ProductGrid products={featured.items} locale={store.locale} eager={2} />
        </section>
      )}

      {categories.length > 0 && (
        <section aria-labelledby="home-categories" className={styles.section}>
          <h2 id="home-categories">{t('home.categories')}</h2>
          <ul className={styles.categories}>
            {categories.map((c) => (
              <li key={c.id} className={styles.category}>
                <Link href={`/c/${c.slug}`} className={styles.categoryLink}>
                  <span className={styles.categoryName}>{c.name}</span>
                  <span className="muted">{t('home.categoryCount', { count: c.productCount })}</span>
                </Link>
                {c.children.length > 0 && (
                  <ul className={styles.children}>
                    {c.children.map((child) => (
                      <li key={child.id}>
                        <Link href={`/c/${child.slug}`}>{child.name}</Link>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {newest.items.length > 0 && (
        <section aria-labelledby="home-newest" className={styles.section}>
          <h2 id="home-newest">{t('home.newest')}</h2>
          <ProductGrid products={newest.items} locale={store.locale} eager={featured.items.length > 0 ? 0 : 2} />
          <p className={styles.more}>
            <Link href="/search?sort=newest">{t('home.seeAll')}</Link>
          </p>
        </section>
      )}
    </>
  );
}
