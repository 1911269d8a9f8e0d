import type { Metadata } from 'next';
import Image from 'next/image';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../../lib/page';
import type { SearchParams } from '../../../../../lib/page';
import type { SlugParams } from '../../../../../lib/slug-layout';
import { getVendor, listProducts, parseListingQuery } from '../../../../../lib/catalog-data';
import { listingMetadata, metaText } from '../../../../../lib/seo';
import { Listing } from '../../../../../components/catalog/Listing';
import { Rating } from '../../../../../components/catalog/Rating';
import styles from '../../../../../components/catalog/Catalog.module.css';

type Props = { params: SlugParams; searchParams: SearchParams };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { tenant, slug } = await params;
  const { store } = await setupPage(tenant);
  const [vendor, query] = await Promise.all([getVendor(tenant, slug), searchParams.then(parseListingQuery)]);
  const t = await getTranslations('catalog');
  const description =
    metaText(vendor.description) || t('vendor.metaDescription', { vendor: vendor.name, store: store.name });
  return listingMetadata({
    title: vendor.name,
    description,
    path: `/v/${vendor.slug}`,
    query,
    fixed: ['vendor'],
    image: vendor.logoUrl,
  });
}

export default async function VendorPage({ params, searchParams }: Props) {
  const { tenant, slug } = await params;
  const { store } = await setupPage(tenant);
  const t = await getTranslations('catalog');
  const vendor = await getVendor(tenant, slug);
  // The vendor filter takes a slug or an id; the slug keeps the API's cache key readable.
  const query = { ...parseListingQuery(await searchParams), vendor: vendor.slug };
  const list = await listProducts(tenant, query, store.currency);
  return (
    <>
      <header className={styles.vendorHeader}>
        {vendor.logoUrl && (
          <Image
            src={vendor.logoUrl}
            alt={t('vendor.logoAlt', { vendor: vendor.name })}
            width={96}
            height={96}
            className={styles.logo}
            unoptimized={/^https?:/.test(vendor.logoUrl)}
          />
        )}
        <div>
          <h1>{vendor.name}</h1>
          <p className={styles.vendorMeta}>
            <span>{t('vendor.productCount', { count: vendor.productCount })}</span>
            {vendor.rating.count > 0 ? (
              <Rating average={vendor.rating.average} count={vendor.rating.count} locale={store.locale} />
            ) : (
              <span className="muted">{t('vendor.noRating')}</span>
            )}
          </p>
        </div>
      </header>
      {vendor.description && <p className={styles.lead}>{vendor.description}</p>}
      <h2 className={styles.sectionTitle}>{t('vendor.products', { vendor: vendor.name })}</h2>
      <Listing
        base={`/v/${vendor.slug}`}
        query={query}
        fixed={['vendor']}
        list={list}
        locale={store.locale}
        currency={store.currency}
      />
    </>
  );
}
