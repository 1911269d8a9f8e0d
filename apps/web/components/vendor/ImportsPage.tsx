'use client';
import { useCallback, useState } from 'react';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { browserApi } from '../../lib/browser-api';
import { PageHeader, Panel } from '../console/ConsoleShell';
import { DataTable } from '../console/DataTable';
import { ProblemAlert } from '../console/feedback';
import { formatDateTime } from '../console/format';
import { useAction } from '../console/useAction';
import { useList } from '../console/useList';
import type { ListRequest } from '../console/useList';
import { CsvColumns } from './CsvColumns';
import { ImportStatusBadge } from './ImportResults';
import { ImportUpload } from './ImportUpload';
import { withFreshToken } from './freshToken';
import { RequireVendor } from './RequireVendor';
import type { ImportSummary } from './types';

const fetchImports = (r: ListRequest) =>
  withFreshToken(() => browserApi.GET('/api/v1/vendor/imports', { params: { query: r.page } }));

/** The name a download is saved under: the API's (Content-Disposition), else one with today's date. */
function fileNameOf(response: Response): string {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return match?.[1] ? decodeURIComponent(match[1]) : `products-${new Date().toISOString().slice(0, 10)}.csv`;
}

/** `/vendor/imports`: import products from CSV (checked first), export them, and past imports. */
export function ImportsPage() {
  const t = useTranslations('vendor');
  return (
    <RequireVendor title={t('imports.title')}>
      <ImportsScreen />
    </RequireVendor>
  );
}

function ImportsScreen() {
  const t = useTranslations('vendor');
  const locale = useLocale();
  const list = useList<ImportSummary>(fetchImports);
  const exporting = useAction();
  const [exported, setExported] = useState(false);
  const reloadList = list.reload;
  const onFinished = useCallback(() => reloadList(), [reloadList]);

  async function exportCsv() {
    setExported(false);
    let name = '';
    const blob = await exporting.run(async () => {
      const answer = await withFreshToken(() => browserApi.GET('/api/v1/vendor/products/export', { parseAs: 'blob' }));
      name = fileNameOf(answer.response);
      return answer;
    });
    if (!(blob instanceof Blob)) return;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setExported(true);
  }

  return (
    <>
      <PageHeader
        title={t('imports.title')}
        description={t('imports.description')}
        actions={
          <button
            type="button"
            className="btn btn-secondary"
            disabled={exporting.pending}
            aria-busy={exporting.pending || undefined}
            onClick={() => void exportCsv()}
          >
            {t('imports.export')}
          </button>
        }
      />
      <ProblemAlert message={exporting.error} />
      <p role="status" className={exported ? 'alert alert-success' : 'visually-hidden'}>
        {exported ? t('imports.exported') : ''}
      </p>

      <Panel title={t('imports.uploadTitle')} id="import-upload">
        <ImportUpload onFinished={onFinished} />
      </Panel>

      <Panel title={t('imports.columns.title')} id="import-columns">
        <CsvColumns />
      </Panel>

      <Panel title={t('imports.historyTitle')} id="import-history">
        <DataTable
          caption={t('imports.historyTitle')}
          list={list}
          rowKey={(i) => i.id}
          empty={t('imports.historyEmpty')}
          columns={[
            {
              key: 'createdAt',
              header: t('imports.startedAt'),
              cell: (i) => <Link href={`/vendor/imports/${i.id}`}>{formatDateTime(i.createdAt, locale)}</Link>,
            },
            {
              key: 'kind',
              header: t('imports.kind'),
              cell: (i) => (i.dryRun ? t('imports.kindCheck') : t('imports.kindImport')),
            },
            { key: 'status', header: t('imports.statusLabel'), cell: (i) => <ImportStatusBadge imp={i} /> },
            { key: 'totalRows', header: t('imports.totalRows'), numeric: true, cell: (i) => i.totalRows },
            { key: 'okRows', header: t('imports.okRows'), numeric: true, cell: (i) => i.okRows },
            { key: 'errorRows', header: t('imports.errorRows'), numeric: true, cell: (i) => i.errorRows },
          ]}
        />
      </Panel>
    </>
  );
}
