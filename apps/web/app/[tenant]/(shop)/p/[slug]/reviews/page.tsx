import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../../../lib/page';
import { getProduct, getReviews, parseListingQuery } from '../../../../../../lib/catalog-data';
import { Breadcrumb } from '../../../../../../components/catalog/Breadcrumb';
import { RatingHistogram, ReviewList } from '../../../../../../components/catalog/Reviews';
import styles from '../../../../../../components/catalog/Product.module.css';

type Params = Promise<{ tenant: string; slug: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { tenant, slug } = await params;
  await setupPage(tenant);
  const product = await getProduct(tenant, slug);
  const t = await getTranslations('catalog');
  return {
    title: t('reviews.allTitle', { product: product.title }),
    alternates: { canonical: `/p/${product.slug}` },
    robots: { index: false, follow: true },
  };
}

/** Every review of a product, page by page (the product page shows the first few). */
export default async function ReviewsPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { tenant, slug } = await params;
  const { store } = await setupPage(tenant);
  const t = await getTranslations('catalog');
  const product = await getProduct(tenant, slug);
  const { cursor } = parseListingQuery(await searchParams);
  const page = await getReviews(tenant, product.id, cursor, 20);
  const base = `/p/${product.slug}/reviews`;
  return (
    <>
      <Breadcrumb items={[{ name: product.title, href: `/p/${product.slug}` }, { name: t('reviews.title') }]} />
      <h1>{t('reviews.allTitle', { product: product.title })}</h1>
      <div className={styles.reviewsPage}>
        <RatingHistogram summary={page.summary} locale={store.locale} />
        <div>
          {page.reviews.length === 0 ? (
            <p className="muted">{t('reviews.none')}</p>
          ) : (
            <ReviewList reviews={page.reviews} locale={store.locale} headingLevel={2} />
          )}
          <nav aria-label={t('listing.pagination')} className={styles.pager}>
            {page.prev !== null && (
              <Link className="btn btn-secondary" rel="prev" href={page.prev ? `${base}?cursor=${page.prev}` : base}>
                {t('reviews.newer')}
              </Link>
            )}
            {page.next && (
              <Link className="btn btn-secondary" rel="next" href={`${base}?cursor=${page.next}`}>
                {t('reviews.older')}
              </Link>
            )}
            <Link href={`/p/${product.slug}`}>{t('reviews.back', { product: product.title })}</Link>
          </nav>
        </div>
      </div>
    </>
  );
}
