'use client';
import { useEffect, useId, useState } from 'react';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { Field, SelectField } from '../../console/fields';
import type { AdminVendor } from './types';

export interface VendorOption {
  id: string;
  name: string;
}

/**
 * Chooses one vendor among thousands: a search box asks the API for up to 20 matching vendors (by
 * name or slug, 300 ms after typing) and a select offers them, plus "none" (`noneLabel`: all
 * vendors, the whole store). Needs `vendors:approve`, which lists vendors.
 */
export function VendorPicker({
  label,
  noneLabel,
  value,
  onChange,
  error,
  hint,
}: {
  label: string;
  noneLabel: string;
  /** The chosen vendor's id, or null. */
  value: string | null;
  onChange: (vendor: VendorOption | null) => void;
  error?: string | undefined;
  hint?: string;
}) {
  const t = useTranslations('moderation');
  const id = useId();
  const [text, setText] = useState('');
  const [found, setFound] = useState<VendorOption[]>([]);
  const [current, setCurrent] = useState<VendorOption | null>(null);
  const [busy, setBusy] = useState(false);

  // The chosen vendor's name, when it is not among the results.
  useEffect(() => {
    if (!value || current?.id === value || found.some((v) => v.id === value)) return undefined;
    let live = true;
    browserApi
      .GET('/api/v1/admin/vendors/{id}', { params: { path: { id: value } } })
      .then(({ data }) => {
        if (live) setCurrent(data ? { id: data.id, name: data.name } : { id: value, name: value });
      })
      .catch(() => live && setCurrent({ id: value, name: value }));
    return () => {
      live = false;
    };
  }, [value, current, found]);

  useEffect(() => {
    let live = true;
    const q = text.trim();
    const timer = setTimeout(() => {
      setBusy(true);
      browserApi
        .GET('/api/v1/admin/vendors', { params: { query: { limit: 20, q: q || undefined } } })
        .then(({ data }) => {
          if (live && data) setFound(data.data.map((v: AdminVendor) => ({ id: v.id, name: v.name })));
        })
        .catch(() => undefined)
        .finally(() => live && setBusy(false));
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text]);

  const options = [...found];
  const chosen = value ? (found.find((v) => v.id === value) ?? (current?.id === value ? current : null)) : null;
  if (value && !found.some((v) => v.id === value)) options.unshift(chosen ?? { id: value, name: t('common.loading') });

  return (
    <>
      <Field
        id={`${id}-find`}
        type="search"
        label={t('common.findVendor')}
        value={text}
        maxLength={100}
        aria-busy={busy || undefined}
        onChange={(e) => setText(e.target.value)}
      />
      <SelectField
        id={`${id}-vendor`}
        label={label}
        value={value ?? ''}
        error={error}
        hint={hint}
        onChange={(e) => {
          const next = options.find((v) => v.id === e.target.value) ?? null;
          if (next) setCurrent(next);
          onChange(next);
        }}
      >
        <option value="">{noneLabel}</option>
        {options.map((v) => (
          <option key={v.id} value={v.id}>
            {v.name}
          </option>
        ))}
      </SelectField>
    </>
  );
}
