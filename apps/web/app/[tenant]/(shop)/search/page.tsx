import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../lib/page';
import type { TenantParams } from '../../../../lib/page';
import { isFiltered, listingHref, listProducts, parseListingQuery } from '../../../../lib/catalog-data';
import { Listing } from '../../../../components/catalog/Listing';

// The query string is the page: rendered per request (the API answers from its catalog cache).
export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({
  params,
  searchParams,
}: {
  params: TenantParams;
  searchParams: SearchParams;
}): Promise<Metadata> {
  const { tenant } = await params;
  const { store } = await setupPage(tenant);
  const query = parseListingQuery(await searchParams);
  const t = await getTranslations('catalog');
  const title = query.q ? t('listing.searchTitle', { q: query.q }) : t('listing.allTitle');
  return {
    title,
    description: query.q
      ? t('listing.searchMetaDescription', { q: query.q, store: store.name })
      : t('listing.allMetaDescription', { store: store.name }),
    // Filtered, sorted and later pages point at the plain listing and stay out of the index.
    alternates: { canonical: listingHref('/search', { q: query.q }) },
    robots: isFiltered(query) ? { index: false, follow: true } : undefined,
  };
}

export default async function SearchPage({
  params,
  searchParams,
}: {
  params: TenantParams;
  searchParams: SearchParams;
}) {
  const { tenant } = await params;
  const { store } = await setupPage(tenant);
  const query = parseListingQuery(await searchParams);
  const t = await getTranslations('catalog');
  const list = await listProducts(tenant, query, store.currency);
  return (
    <>
      <h1>{query.q ? t('listing.searchTitle', { q: query.q }) : t('listing.allTitle')}</h1>
      <Listing base="/search" query={query} list={list} locale={store.locale} currency={store.currency} />
    </>
  );
}
