import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { setupPage } from '../../../../../lib/page';
import { publicOrigin } from '../../../../../lib/config';
import { getProduct, getReviews } from '../../../../../lib/catalog-data';
import { jsonLdString, metaText, productJsonLd } from '../../../../../lib/seo';
import { Breadcrumb } from '../../../../../components/catalog/Breadcrumb';
import { Gallery } from '../../../../../components/catalog/Gallery';
import { ReviewsSection } from '../../../../../components/catalog/Reviews';
import { VariantPicker } from '../../../../../components/catalog/VariantPicker';
import styles from '../../../../../components/catalog/Product.module.css';

type Params = Promise<{ tenant: string; slug: string }>;

/** Product pages are rendered on first request and then served from the cache until revalidated. */
export async function generateStaticParams(): Promise<{ tenant: string; slug: string }[]> {
  return [];
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { tenant, slug } = await params;
  const { store } = await setupPage(tenant);
  const product = await getProduct(tenant, slug);
  const t = await getTranslations('catalog');
  const description =
    metaText(product.description) ||
    t('product.metaFallback', { product: product.title, vendor: product.vendor.name, store: store.name });
  const image = product.images[0] ?? product.image;
  return {
    title: product.title,
    description,
    alternates: { canonical: `/p/${product.slug}` },
    openGraph: {
      type: 'website',
      title: product.title,
      description,
      url: `/p/${product.slug}`,
      images: image
        ? [{ url: image.url, width: image.width, height: image.height, alt: image.alt || product.title }]
        : [],
    },
  };
}

export default async function ProductPage({ params }: { params: Params }) {
  const { tenant, slug } = await params;
  const { store } = await setupPage(tenant);
  const t = await getTranslations('catalog');
  const product = await getProduct(tenant, slug);
  const reviews = product.rating.count > 0 ? await getReviews(tenant, product.id) : null;
  const origin = publicOrigin(store.slug, store.domains);
  const images =
    product.images.length > 0 ? product.images : product.image ? [{ id: 'primary', ...product.image }] : [];
  const crumbs = product.category
    ? [
        ...product.category.breadcrumb.map((c) => ({ name: c.name, href: `/c/${c.slug}` })),
        { name: product.category.name, href: `/c/${product.category.slug}` },
        { name: product.title },
      ]
    : [{ name: product.title }];
  const paragraphs = product.description.split(/\n\s*\n/).filter((p) => p.trim());

  return (
    <>
      <script
        type="application/ld+json"
        dangerouslySetInnerHTML={{ __html: jsonLdString(productJsonLd(product, origin)) }}
      />
      <Breadcrumb items={crumbs} />
      <div className={styles.layout}>
        <Gallery images={images} title={product.title} />
        <div className={styles.info}>
          <h1 className={styles.title}>{product.title}</h1>
          <p className={styles.vendor}>
            {t.rich('product.vendor', {
              vendor: product.vendor.name,
              link: (chunks) => <Link href={`/v/${product.vendor.slug}`}>{chunks}</Link>,
            })}
          </p>
          <VariantPicker options={product.options} variants={product.variants} />
          {paragraphs.length > 0 && (
            <section aria-labelledby="product-description" className={styles.description}>
              <h2 id="product-description">{t('product.description')}</h2>
              {paragraphs.map((p, i) => (
                <p key={i}>{p}</p>
              ))}
            </section>
          )}
        </div>
      </div>
      <ReviewsSection
        summary={reviews?.summary ?? product.rating}
        reviews={reviews?.reviews ?? []}
        hasMore={Boolean(reviews?.next)}
        moreHref={`/p/${product.slug}/reviews${reviews?.next ? `?cursor=${reviews.next}` : ''}`}
        locale={store.locale}
      />
    </>
  );
}
