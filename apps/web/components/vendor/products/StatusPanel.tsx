'use client';
import { useLocale, useTranslations } from 'next-intl';
import { ConfirmAction } from '../../console/ConfirmAction';
import { Panel, StatusBadge } from '../../console/ConsoleShell';
import { ProblemAlert } from '../../console/feedback';
import { formatDateTime } from '../../console/format';
import { STATUS_TONE } from './types';
import type { Product } from './types';
import styles from './products.module.css';

/**
 * Where a product stands in moderation and what the vendor can do next: submit a draft or a rejected
 * product for review (with the moderator's reason shown), wait for review, archive, unarchive.
 */
export function StatusPanel({
  product,
  dirty,
  pending,
  error,
  onSubmit,
  onArchive,
  onUnarchive,
}: {
  product: Product;
  /** Unsaved edits: submitting saves them first; archiving drops them. */
  dirty: boolean;
  pending: boolean;
  error: string | null;
  onSubmit: () => void;
  onArchive: () => Promise<string | null>;
  onUnarchive: () => void;
}) {
  const t = useTranslations('vendorProducts');
  const locale = useLocale();
  const { status } = product;

  return (
    <Panel title={t('statusPanel.title')} id="product-status">
      <p className={styles.statusLine}>
        <StatusBadge tone={STATUS_TONE[status]}>{t(`status.${status}`)}</StatusBadge>
        {status === 'active' && (
          <span className="muted">{product.listed ? t('statusPanel.listed') : t('statusPanel.unlisted')}</span>
        )}
      </p>
      {status === 'rejected' && (
        <div className={`alert alert-error ${styles.rejection}`}>
          <h3 className={styles.h3}>{t('statusPanel.rejectedTitle')}</h3>
          <p className={styles.reason}>{product.statusReason ?? t('statusPanel.noReason')}</p>
          <p>{t('statusPanel.rejectedHelp')}</p>
        </div>
      )}
      {status === 'draft' && <p>{t('statusPanel.draft')}</p>}
      {status === 'pending_review' && (
        <p>
          {t('statusPanel.pending', {
            date: formatDateTime(product.submittedAt, locale),
          })}
        </p>
      )}
      {status === 'active' && <p className="hint">{t('statusPanel.activeHint')}</p>}
      {status === 'archived' && <p>{t('statusPanel.archivedBody')}</p>}
      <ProblemAlert message={error} />
      <div className={styles.actions}>
        {(status === 'draft' || status === 'rejected') && (
          <button type="button" className="btn" disabled={pending} aria-busy={pending || undefined} onClick={onSubmit}>
            {t('statusPanel.submit')}
          </button>
        )}
        {status === 'archived' && (
          <button
            type="button"
            className="btn"
            disabled={pending}
            aria-busy={pending || undefined}
            onClick={onUnarchive}
          >
            {t('statusPanel.unarchive')}
          </button>
        )}
        {status !== 'archived' && (
          <ConfirmAction
            label={t('statusPanel.archive')}
            title={t('statusPanel.archiveTitle')}
            body={
              <>
                <p>{t('statusPanel.archiveBody')}</p>
                {dirty && <p>{t('statusPanel.archiveDropsEdits')}</p>}
              </>
            }
            confirmLabel={t('statusPanel.archiveConfirm')}
            disabled={pending}
            onConfirm={onArchive}
          />
        )}
      </div>
      {(status === 'draft' || status === 'rejected') && dirty && <p className="hint">{t('statusPanel.submitSaves')}</p>}
    </Panel>
  );
}
