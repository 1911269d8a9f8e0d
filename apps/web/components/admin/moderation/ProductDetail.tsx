'use client';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { ConfirmAction } from '../../console/ConfirmAction';
import { useCan } from '../../console/ConsoleProvider';
import { Panel, StatusBadge } from '../../console/ConsoleShell';
import { ConflictNotice, Loading, ProblemAlert } from '../../console/feedback';
import { formatDateTime, formatPrice } from '../../console/format';
import { useAction } from '../../console/useAction';
import { RequirePermission } from '../../console/RequirePermission';
import consoleStyles from '../../console/console.module.css';
import { DetailHeader, StatusReason, useDetailRecord } from './detail';
import { useConfirmedCall } from './shared';
import { productTone } from './types';
import type { AdminProduct } from './types';
import styles from './moderation.module.css';

/** `/admin/products/[id]`: a product in full for review: approve, reject with a reason, feature. */
export function ProductDetail({ id }: { id: string }) {
  return (
    <RequirePermission permission="products:approve">
      <Product id={id} />
    </RequirePermission>
  );
}

const getProduct = (id: string) => browserApi.GET('/api/v1/admin/products/{id}', { params: { path: { id } } });

function Product({ id }: { id: string }) {
  const t = useTranslations('moderation');
  const locale = useLocale();
  const mayFeature = useCan('catalog:manage');
  const mayOpenVendor = useCan('vendors:approve');
  const { record: product, loadError, load, done, setDone, changed } = useDetailRecord<AdminProduct>(id, getProduct);
  const [category, setCategory] = useState<string | null>(null);
  const { confirmed, conflict, clearConflict } = useConfirmedCall();
  const feature = useAction();

  // The category's place in the tree ("Home › Kitchen"), from the public catalog.
  const categoryId = product?.categoryId;
  useEffect(() => {
    if (!categoryId) return undefined;
    let live = true;
    browserApi
      .GET('/api/v1/categories/{slug}', { params: { path: { slug: categoryId } } })
      .then(({ data }) => {
        if (live && data) setCategory([...data.ancestors.map((a) => a.name), data.name].join(' › '));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [categoryId]);

  if (!product) return <Loading error={loadError} />;

  const path = { params: { path: { id: product.id } } };

  async function toggleFeatured(p: AdminProduct) {
    setDone(null);
    const next = await feature.run(() =>
      browserApi.PATCH('/api/v1/admin/products/{id}', {
        ...path,
        headers: { 'If-Match': `"${p.version}"` },
        body: { featured: !p.featured },
      }),
    );
    if (next) changed(next.featured ? t('products.actions.featuredDone') : t('products.actions.unfeaturedDone'))(next);
  }

  const reviewable = product.status === 'pending_review';
  const actions = (
    <>
      {reviewable && (
        <ConfirmAction
          label={t('products.actions.approve')}
          className="btn"
          title={t('products.actions.approveTitle', { title: product.title })}
          body={t('products.actions.approveBody')}
          confirmLabel={t('products.actions.approve')}
          onConfirm={() =>
            confirmed(
              () => browserApi.POST('/api/v1/admin/products/{id}/approve', path),
              changed(t('products.actions.approved')),
            )
          }
        />
      )}
      {reviewable && (
        <ConfirmAction
          label={t('products.actions.reject')}
          danger
          title={t('products.actions.rejectTitle', { title: product.title })}
          body={t('products.actions.rejectBody')}
          reason={t('products.actions.reason')}
          confirmLabel={t('products.actions.reject')}
          onConfirm={(reason) =>
            confirmed(
              () => browserApi.POST('/api/v1/admin/products/{id}/reject', { ...path, body: { reason } }),
              changed(t('products.actions.rejected')),
            )
          }
        />
      )}
      {mayFeature && (
        <button
          type="button"
          className="btn btn-secondary"
          disabled={feature.pending}
          aria-busy={feature.pending || undefined}
          onClick={() => void toggleFeatured(product)}
        >
          {product.featured ? t('products.actions.unfeature') : t('products.actions.feature')}
        </button>
      )}
    </>
  );

  const optionNames = product.options.map((o) => o.name);
  const languageName = (tag: string) => {
    try {
      return `${new Intl.DisplayNames([locale], { type: 'language' }).of(tag) ?? tag} (${tag})`;
    } catch {
      return tag;
    }
  };
  const translations = Object.entries(product.translations);

  return (
    <>
      <DetailHeader
        back="/admin/products"
        backLabel={t('products.back')}
        title={product.title}
        description={
          <>
            <StatusBadge tone={productTone(product.status)}>{t(`products.status.${product.status}`)}</StatusBadge>{' '}
            {product.featured && <StatusBadge tone="info">{t('products.featured')}</StatusBadge>}
          </>
        }
        actions={actions}
        done={done}
        status={product.status}
      />
      {(conflict || feature.conflict) && (
        <ConflictNotice
          onReload={() => {
            clearConflict();
            feature.reset();
            void load();
          }}
        />
      )}
      {!feature.conflict && <ProblemAlert message={feature.error} />}
      {product.status === 'rejected' && product.statusReason && (
        <StatusReason label={t('products.reasonLabel')} reason={product.statusReason} />
      )}

      <div className={styles.columns}>
        <Panel title={t('products.detail.summary')} id="product-summary">
          <dl className={consoleStyles.dl}>
            <dt>{t('products.detail.vendor')}</dt>
            <dd>
              {mayOpenVendor ? (
                <Link href={`/admin/vendors/${product.vendor.id}`}>{product.vendor.name}</Link>
              ) : (
                product.vendor.name
              )}
            </dd>
            <dt>{t('products.detail.category')}</dt>
            <dd>{product.categoryId ? (category ?? '…') : t('products.detail.noCategory')}</dd>
            <dt>{t('products.detail.slug')}</dt>
            <dd>{product.slug}</dd>
            <dt>{t('products.detail.price')}</dt>
            <dd>
              {product.priceRange
                ? product.priceRange.min.amount === product.priceRange.max.amount
                  ? formatPrice(product.priceRange.min, locale)
                  : `${formatPrice(product.priceRange.min, locale)} – ${formatPrice(product.priceRange.max, locale)}`
                : '—'}
            </dd>
            <dt>{t('products.detail.listed')}</dt>
            <dd>{product.listed ? t('products.detail.listedYes') : t('products.detail.listedNo')}</dd>
            <dt>{t('products.detail.submitted')}</dt>
            <dd>{formatDateTime(product.submittedAt, locale)}</dd>
            <dt>{t('products.detail.published')}</dt>
            <dd>{formatDateTime(product.publishedAt, locale)}</dd>
            <dt>{t('products.detail.created')}</dt>
            <dd>{formatDateTime(product.createdAt, locale)}</dd>
            <dt>{t('products.detail.updated')}</dt>
            <dd>{formatDateTime(product.updatedAt, locale)}</dd>
          </dl>
          <p className={styles.rowActions}>
            {product.listed && <Link href={`/p/${product.slug}`}>{t('products.detail.viewInStore')}</Link>}
            <Link href={`/admin/reviews?productId=${product.id}`}>{t('products.detail.reviews')}</Link>
          </p>
        </Panel>
        <Panel title={t('products.detail.descriptionTitle')} id="product-description">
          <p className={styles.prose}>{product.description || t('products.detail.noDescription')}</p>
          {product.options.length > 0 && (
            <>
              <h3>{t('products.detail.options')}</h3>
              <dl className={consoleStyles.dl}>
                {product.options.map((o) => (
                  <div key={o.name} style={{ display: 'contents' }}>
                    <dt>{o.name}</dt>
                    <dd>{o.values.join(', ')}</dd>
                  </div>
                ))}
              </dl>
            </>
          )}
        </Panel>
      </div>

      <Panel title={t('products.detail.variants', { count: product.variants.length })} id="product-variants">
        <div className={consoleStyles.tableWrap}>
          <table className={consoleStyles.table}>
            <caption className="visually-hidden">{t('products.detail.variantsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('products.detail.sku')}</th>
                {optionNames.map((n) => (
                  <th key={n} scope="col">
                    {n}
                  </th>
                ))}
                <th scope="col" className={consoleStyles.numeric}>
                  {t('products.detail.variantPrice')}
                </th>
                <th scope="col" className={consoleStyles.numeric}>
                  {t('products.detail.compareAt')}
                </th>
                <th scope="col" className={consoleStyles.numeric}>
                  {t('products.detail.stock')}
                </th>
                <th scope="col" className={consoleStyles.numeric}>
                  {t('products.detail.reserved')}
                </th>
                <th scope="col" className={consoleStyles.numeric}>
                  {t('products.detail.available')}
                </th>
                <th scope="col" className={consoleStyles.numeric}>
                  {t('products.detail.weight')}
                </th>
                <th scope="col">{t('products.detail.active')}</th>
              </tr>
            </thead>
            <tbody>
              {product.variants.map((v) => (
                <tr key={v.id}>
                  <td>{v.sku}</td>
                  {optionNames.map((n) => (
                    <td key={n}>{v.options[n] ?? '—'}</td>
                  ))}
                  <td className={consoleStyles.numeric}>{formatPrice(v.price, locale)}</td>
                  <td className={consoleStyles.numeric}>
                    {v.compareAtPrice ? formatPrice(v.compareAtPrice, locale) : '—'}
                  </td>
                  <td className={consoleStyles.numeric}>{v.stock}</td>
                  <td className={consoleStyles.numeric}>{v.reserved}</td>
                  <td className={consoleStyles.numeric}>{v.available}</td>
                  <td className={consoleStyles.numeric}>
                    {v.weight === null ? '—' : t('products.detail.grams', { weight: v.weight })}
                  </td>
                  <td>{v.active ? t('common.yes') : t('common.no')}</td>
                </tr>
              ))}
              {product.variants.length === 0 && (
                <tr>
                  <td colSpan={8 + optionNames.length} className="muted">
                    {t('products.detail.noVariants')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </Panel>

      <Panel title={t('products.detail.images', { count: product.images.length })} id="product-images">
        {product.images.length === 0 ? (
          <p className="muted">{t('products.detail.noImages')}</p>
        ) : (
          <ul className={styles.gallery}>
            {product.images.map((img) => (
              <li key={img.id}>
                <figure>
                  <a href={img.url} target="_blank" rel="noreferrer">
                    <img src={img.thumbnailUrl} alt={img.alt} loading="lazy" />
                  </a>
                  <figcaption>
                    {img.primary && <StatusBadge tone="info">{t('products.detail.primary')}</StatusBadge>}{' '}
                    {img.alt || t('products.detail.noAlt')}
                    <br />
                    {t('products.detail.imageSize', { width: img.width, height: img.height })}
                  </figcaption>
                </figure>
              </li>
            ))}
          </ul>
        )}
      </Panel>

      {translations.length > 0 && (
        <Panel title={t('products.detail.translations')} id="product-translations">
          {translations.map(([lang, fields]) => (
            <section key={lang} lang={lang}>
              <h3 lang={locale}>{languageName(lang)}</h3>
              <dl className={consoleStyles.dl}>
                {Object.entries(fields).map(([field, text]) => (
                  <div key={field} style={{ display: 'contents' }}>
                    <dt lang={locale}>
                      {field === 'title'
                        ? t('products.detail.fieldTitle')
                        : field === 'description'
                          ? t('products.detail.descriptionTitle')
                          : field}
                    </dt>
                    <dd className={styles.prose}>{text}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </Panel>
      )}
    </>
  );
}
