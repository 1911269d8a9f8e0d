'use client';
import Link from 'next/link';
import { useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { ConfirmAction } from '../../console/ConfirmAction';
import { PageHeader, StatusBadge } from '../../console/ConsoleShell';
import { DataTable, Toolbar } from '../../console/DataTable';
import type { Column } from '../../console/DataTable';
import { ProblemAlert } from '../../console/feedback';
import { formatDateTime } from '../../console/format';
import { useAction } from '../../console/useAction';
import { useList } from '../../console/useList';
import type { ListRequest } from '../../console/useList';
import { RequirePermission } from '../../console/RequirePermission';
import { Announce, FilterButtons, useConfirmedCall } from './shared';
import type { AdminReview } from './types';
import styles from './moderation.module.css';

const VIEWS = ['all', 'visible', 'hidden'] as const;
type View = (typeof VIEWS)[number];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const viewOf = (v: string | undefined): View => ((VIEWS as readonly string[]).includes(v ?? '') ? (v as View) : 'all');

const fetchReviews = (r: ListRequest) => {
  const view = viewOf(r.text('view'));
  const productId = r.text('productId');
  return browserApi.GET('/api/v1/admin/reviews', {
    params: {
      query: {
        ...r.page,
        hidden: view === 'all' ? undefined : view === 'hidden',
        productId: productId && UUID.test(productId) ? productId : undefined,
      },
    },
  });
};

/** `/admin/reviews`: every review, newest first; hide one (with a reason) or show it again. */
export function ReviewList() {
  return (
    <RequirePermission permission="catalog:manage">
      <Reviews />
    </RequirePermission>
  );
}

function Reviews() {
  const t = useTranslations('moderation');
  const locale = useLocale();
  const list = useList(fetchReviews);
  const view = viewOf(list.params.view);
  const productId = list.params.productId;
  const productTitle = list.rows.find((r) => r.productId === productId)?.productTitle;
  const [done, setDone] = useState<string | null>(null);
  const { confirmed } = useConfirmedCall();
  const unhide = useAction();

  async function show(review: AdminReview) {
    setDone(null);
    const ok = await unhide.run(() =>
      browserApi.POST('/api/v1/admin/reviews/{id}/unhide', { params: { path: { id: review.id } } }),
    );
    if (ok) {
      setDone(t('reviews.unhidden'));
      list.reload();
    }
  }

  const columns: Column<AdminReview>[] = [
    {
      key: 'product',
      header: t('reviews.columns.product'),
      cell: (r) => <Link href={`/admin/products/${r.productId}`}>{r.productTitle}</Link>,
    },
    {
      key: 'rating',
      header: t('reviews.columns.rating'),
      cell: (r) => (
        <span className={styles.stars} role="img" aria-label={t('reviews.stars', { rating: r.rating })}>
          {'★'.repeat(r.rating)}
          {'☆'.repeat(5 - r.rating)}
        </span>
      ),
    },
    {
      key: 'review',
      header: t('reviews.columns.review'),
      cell: (r) => (
        <>
          <strong>{r.title}</strong>
          <p className={styles.reviewBody}>{r.body}</p>
        </>
      ),
    },
    {
      key: 'author',
      header: t('reviews.columns.author'),
      cell: (r) => (
        <>
          {r.author.name}
          {r.verifiedPurchase && <span className={styles.sub}>{t('reviews.verified')}</span>}
        </>
      ),
    },
    {
      key: 'createdAt',
      header: t('reviews.columns.date'),
      cell: (r) => <span className={styles.nowrap}>{formatDateTime(r.createdAt, locale)}</span>,
    },
    {
      key: 'status',
      header: t('reviews.columns.status'),
      cell: (r) =>
        r.hidden ? (
          <>
            <StatusBadge tone="danger">{t('reviews.hidden')}</StatusBadge>
            {r.hiddenReason && <span className={styles.sub}>{r.hiddenReason}</span>}
          </>
        ) : (
          <StatusBadge tone="success">{t('reviews.visible')}</StatusBadge>
        ),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      cell: (r) => (
        <span className={styles.rowActions}>
          {r.hidden ? (
            <button type="button" className="btn btn-secondary" disabled={unhide.pending} onClick={() => void show(r)}>
              {t('reviews.unhide')} <span className="visually-hidden">{r.title}</span>
            </button>
          ) : (
            <ConfirmAction
              className="btn btn-secondary"
              label={
                <>
                  {t('reviews.hide')} <span className="visually-hidden">{r.title}</span>
                </>
              }
              danger
              title={t('reviews.hideTitle', { title: r.title })}
              body={t('reviews.hideBody')}
              reason={t('reviews.reason')}
              reasonMaxLength={500}
              confirmLabel={t('reviews.hide')}
              onConfirm={async (reason) =>
                reason.length > 500
                  ? t('reviews.reasonTooLong')
                  : confirmed(
                      () =>
                        browserApi.POST('/api/v1/admin/reviews/{id}/hide', {
                          params: { path: { id: r.id } },
                          body: { reason },
                        }),
                      () => {
                        setDone(t('reviews.hiddenDone'));
                        list.reload();
                      },
                    )
              }
            />
          )}
        </span>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('reviews.title')} description={t('reviews.description')} />
      <Toolbar label={t('common.filters')}>
        <FilterButtons
          label={t('common.status')}
          value={view}
          options={VIEWS.map((v) => ({ value: v, label: t(`reviews.views.${v}`) }))}
          onChange={(v) => list.setParam('view', v === 'all' ? undefined : v)}
        />
        {productId && (
          <span className={styles.chip}>
            {t('reviews.onlyProduct', { title: productTitle ?? t('reviews.thisProduct') })}
            <button type="button" className="btn-link" onClick={() => list.setParam('productId', undefined)}>
              {t('common.clear')}
            </button>
          </span>
        )}
      </Toolbar>
      <Announce message={done} />
      <ProblemAlert message={unhide.error} />
      <DataTable
        caption={t('reviews.caption')}
        columns={columns}
        list={list}
        rowKey={(r) => r.id}
        empty={t('reviews.empty')}
      />
    </>
  );
}
