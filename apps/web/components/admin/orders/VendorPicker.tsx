'use client';
/**
 * Chooses one of the store's vendors for a filter or an action: a select of the first vendors, with
 * a search box (by name, on the server) when the store has more than fit in it. Needs
 * `vendors:approve` to list vendors; without it, it renders nothing.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { useCan } from '../../console/ConsoleProvider';
import { Field, SelectField } from '../../console/fields';
import styles from './orders.module.css';

const PAGE = 50;

interface VendorOption {
  id: string;
  name: string;
}

export function VendorPicker({
  value,
  onChange,
  label,
  emptyLabel,
  error,
}: {
  /** The chosen vendor's id, or '' for none. */
  value: string;
  /** The vendor's id ('' for none) and name. */
  onChange: (vendorId: string, name: string) => void;
  label: string;
  /** The option meaning "no vendor" (all vendors), or omitted to require a choice. */
  emptyLabel: string;
  error?: string | undefined;
}) {
  const t = useTranslations('admin.vendorPicker');
  const allowed = useCan('vendors:approve');
  const id = useId();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<VendorOption[]>([]);
  const [more, setMore] = useState(false);
  const [chosen, setChosen] = useState<VendorOption | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);

  useEffect(() => {
    if (!allowed) return undefined;
    let live = true;
    browserApi
      .GET('/api/v1/admin/vendors', { params: { query: { limit: PAGE, ...(q ? { q } : {}) } } })
      .then(({ data }) => {
        if (!live) return;
        setFailed(!data);
        if (data) {
          setOptions(data.data.map((v) => ({ id: v.id, name: v.name })));
          if (!q) setMore(Boolean(data.links.next));
        }
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [allowed, q]);

  // A vendor chosen elsewhere (a link, the URL) that the list does not show: load its name.
  useEffect(() => {
    if (!allowed || !value || options.some((o) => o.id === value) || chosen?.id === value) return undefined;
    let live = true;
    browserApi
      .GET('/api/v1/admin/vendors/{id}', { params: { path: { id: value } } })
      .then(({ data }) => live && data && setChosen({ id: data.id, name: data.name }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [allowed, value, options, chosen]);

  if (!allowed) return null;
  const shown = [...options];
  if (value && !shown.some((o) => o.id === value)) {
    shown.unshift(chosen?.id === value ? chosen : { id: value, name: t('current') });
  }
  return (
    <div className={styles.vendorPicker}>
      {(more || text) && (
        <Field
          id={`${id}-search`}
          label={t('search')}
          type="search"
          value={text}
          maxLength={100}
          onChange={(e) => setText(e.target.value)}
        />
      )}
      <SelectField
        id={`${id}-vendor`}
        label={label}
        value={value}
        error={error ?? (failed ? t('failed') : undefined)}
        onChange={(e) => {
          const picked = shown.find((o) => o.id === e.target.value);
          if (picked) setChosen(picked);
          onChange(e.target.value, picked?.name ?? '');
        }}
      >
        <option value="">{emptyLabel}</option>
        {shown.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </SelectField>
    </div>
  );
}
