'use client';
/**
 * Orders placed in a date range as a CSV file (`GET /admin/orders/export`, streamed by the API):
 * the days are the browser's, and so are the times in the file (`X-Timezone`).
 */
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { Panel } from '../../console/ConsoleShell';
import { Field } from '../../console/fields';
import { ProblemAlert, StatusHint, SubmitButton } from '../../console/feedback';
import { useAction } from '../../console/useAction';
import { endOfDay, localDay, startOfDay } from './types';
import styles from './orders.module.css';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function timeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

/** The file name the API proposes (`Content-Disposition`), or a dated default. */
function fileName(response: Response, from: string, to: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename="?([^";]+)"?/i.exec(disposition);
  return match?.[1] ?? `orders-${from || 'start'}-${to || 'now'}.csv`;
}

export function ExportOrders({
  from: initialFrom,
  to: initialTo,
}: {
  from?: string | undefined;
  to?: string | undefined;
}) {
  const t = useTranslations('admin.orders.export');
  const tc = useTranslations('console');
  const id = useId();
  // Days on the browser's calendar, like the export's bounds: the last 30 days up to today, here.
  const fallback = { from: localDay(-29), to: localDay(0) };
  const [from, setFrom] = useState(initialFrom && DAY.test(initialFrom) ? initialFrom : fallback.from);
  const [to, setTo] = useState(initialTo && DAY.test(initialTo) ? initialTo : fallback.to);
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const found: { from?: string; to?: string } = {};
    if (from && !DAY.test(from)) found.from = t('invalidDate');
    if (to && !DAY.test(to)) found.to = t('invalidDate');
    if (!found.from && !found.to && from && to && from > to) found.to = t('toBeforeFrom');
    setErrors(found);
    if (found.from || found.to) {
      document.getElementById(`${id}-${found.from ? 'from' : 'to'}`)?.focus();
      return;
    }
    const zone = timeZone();
    let response: Response | undefined;
    const blob = await action.run(async () => {
      const answer = await browserApi.GET('/api/v1/admin/orders/export', {
        params: {
          query: { format: 'csv', from: startOfDay(from), to: endOfDay(to) },
          header: zone ? { 'x-timezone': zone } : {},
        },
        parseAs: 'blob',
      });
      response = answer.response;
      return answer;
    });
    if (!blob || !response) return;
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName(response, from, to);
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    setDone(t('done', { name: link.download }));
  }

  return (
    <Panel title={t('title')} id={`${id}-panel`}>
      <p className="muted">{t('description')}</p>
      <form noValidate onSubmit={(e) => void submit(e)} className={styles.exportForm}>
        <Field
          id={`${id}-from`}
          label={t('from')}
          type="date"
          value={from}
          max={to || undefined}
          error={errors.from}
          onChange={(e) => setFrom(e.target.value)}
        />
        <Field
          id={`${id}-to`}
          label={t('to')}
          type="date"
          value={to}
          min={from || undefined}
          error={errors.to}
          onChange={(e) => setTo(e.target.value)}
        />
        <SubmitButton pending={action.pending}>{action.pending ? t('preparing') : t('submit')}</SubmitButton>
      </form>
      <p className="hint">{t('hint')}</p>
      <ProblemAlert message={action.error} />
      <StatusHint>{done ?? (action.pending ? tc('loading') : '')}</StatusHint>
    </Panel>
  );
}
