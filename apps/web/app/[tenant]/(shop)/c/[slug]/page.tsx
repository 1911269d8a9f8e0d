import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../../lib/page';
import type { SearchParams } from '../../../../../lib/page';
import type { SlugParams } from '../../../../../lib/slug-layout';
import { getCategory, listingHref, listProducts, parseListingQuery } from '../../../../../lib/catalog-data';
import { listingMetadata, metaText } from '../../../../../lib/seo';
import { Breadcrumb } from '../../../../../components/catalog/Breadcrumb';
import { Listing } from '../../../../../components/catalog/Listing';
import styles from '../../../../../components/catalog/Catalog.module.css';

type Props = { params: SlugParams; searchParams: SearchParams };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { tenant, slug } = await params;
  const { store } = await setupPage(tenant);
  const [category, query] = await Promise.all([getCategory(tenant, slug), searchParams.then(parseListingQuery)]);
  const t = await getTranslations('catalog');
  const description =
    metaText(category.description) ||
    t('category.metaDescription', { category: category.name, store: store.name, count: category.productCount });
  return listingMetadata({
    title: category.name,
    description,
    path: `/c/${category.slug}`,
    query,
    fixed: ['category'],
  });
}

export default async function CategoryPage({ params, searchParams }: Props) {
  const { tenant, slug } = await params;
  const { store } = await setupPage(tenant);
  const t = await getTranslations('catalog');
  const category = await getCategory(tenant, slug);
  const query = { ...parseListingQuery(await searchParams), category: category.slug };
  const list = await listProducts(tenant, query, store.currency);
  const base = `/c/${category.slug}`;
  return (
    <>
      <Breadcrumb
        items={[...category.ancestors.map((a) => ({ name: a.name, href: `/c/${a.slug}` })), { name: category.name }]}
      />
      <h1>{category.name}</h1>
      {category.description && <p className={styles.lead}>{category.description}</p>}
      {category.children.length > 0 && (
        <nav aria-label={t('category.subcategories')} className={styles.chips}>
          <ul>
            {category.children.map((c) => (
              <li key={c.id}>
                <Link href={listingHref(`/c/${c.slug}`, {})}>
                  {c.name} <span className="muted">({c.productCount})</span>
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <Listing
        base={base}
        query={query}
        fixed={['category']}
        list={list}
        locale={store.locale}
        currency={store.currency}
      />
    </>
  );
}
