'use client';
import { useEffect } from 'react';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { PageHeader } from '../console/ConsoleShell';
import { Loading } from '../console/feedback';
import { formatDateTime } from '../console/format';
import { ImportResults, ImportStatusBadge } from './ImportResults';
import { useImportProgress } from './importPolling';
import { RequireVendor } from './RequireVendor';

/** `/vendor/imports/[id]`: one import, followed while it runs, with its row results. */
export function ImportDetail({ id }: { id: string }) {
  const t = useTranslations('vendor');
  return (
    <RequireVendor title={t('imports.detailTitle')}>
      <ImportScreen id={id} />
    </RequireVendor>
  );
}

function ImportScreen({ id }: { id: string }) {
  const t = useTranslations('vendor');
  const locale = useLocale();
  const { imp, error, follow, busy } = useImportProgress();

  useEffect(() => {
    follow(id);
  }, [id, follow]);

  return (
    <>
      <PageHeader
        title={imp?.dryRun ? t('imports.detailTitleCheck') : t('imports.detailTitle')}
        description={imp ? t('imports.detailStarted', { date: formatDateTime(imp.createdAt, locale) }) : undefined}
        actions={imp && <ImportStatusBadge imp={imp} />}
      />
      <p>
        <Link href="/vendor/imports">{t('imports.back')}</Link>
      </p>
      {!imp || busy ? (
        <Loading error={error}>
          {imp ? t(`imports.progress.${imp.dryRun ? 'checking' : 'importing'}`) : undefined}
        </Loading>
      ) : (
        <ImportResults imp={imp} />
      )}
    </>
  );
}
