'use client';
/**
 * Chooses one of the store's vendors, for a filter or a form: a select of the first vendors (and
 * "none": `emptyLabel`), with a search box (by name or slug, on the server, 300 ms after typing) when
 * the store has more than fit in it. Lists vendors with `vendors:approve` only; without it, it renders
 * nothing (a caller that must still take a vendor offers a vendor-id field instead).
 */
import { useEffect, useId, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import type { paths } from '@bazaar/sdk';
import { browserApi } from '../../lib/browser-api';
import { useCan } from './ConsoleProvider';
import { Field, SelectField } from './fields';
import styles from './console.module.css';

const PAGE = 50;

type VendorQuery = NonNullable<paths['/api/v1/admin/vendors']['get']['parameters']['query']>;
type VendorPage = Awaited<ReturnType<typeof requestVendors>>;

const requestVendors = (query: VendorQuery) => browserApi.GET('/api/v1/admin/vendors', { params: { query } });

/**
 * Pickers shown together (a shipping zone's rates, one per row) ask for the same first page at once:
 * they share the request while it runs. Nothing is kept after it answers.
 */
const pending = new Map<string, Promise<VendorPage>>();
function listVendors(query: VendorQuery): Promise<VendorPage> {
  const key = JSON.stringify(query);
  let answer = pending.get(key);
  if (!answer) {
    answer = requestVendors(query).finally(() => pending.delete(key));
    pending.set(key, answer);
  }
  return answer;
}

export interface VendorOption {
  id: string;
  name: string;
}

/** A vendor status the list can be limited to (`approved`: vendors that sell). */
export type VendorStatus = NonNullable<VendorQuery['status']>;

export function VendorPicker({
  label,
  emptyLabel,
  status,
  value,
  onChange,
  hint,
  error,
}: {
  label: string;
  /** The option meaning "no vendor" (all vendors, the whole store, or "choose one"). */
  emptyLabel: string;
  /** Offer only vendors with this status. */
  status?: VendorStatus;
  /** The chosen vendor's id; null, undefined or '' for none. */
  value: string | null | undefined;
  /** The chosen vendor, or null for none. */
  onChange: (vendor: VendorOption | null) => void;
  hint?: ReactNode;
  error?: string | undefined;
}) {
  const t = useTranslations('console.vendorPicker');
  const allowed = useCan('vendors:approve');
  const id = useId();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [found, setFound] = useState<VendorOption[]>([]);
  const [more, setMore] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const [chosen, setChosen] = useState<VendorOption | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);

  useEffect(() => {
    if (!allowed) return undefined;
    let live = true;
    setBusy(true);
    listVendors({ limit: PAGE, ...(q ? { q } : {}), ...(status ? { status } : {}) })
      .then(({ data }) => {
        if (!live) return;
        setFailed(!data);
        if (data) {
          setFound(data.data.map((v) => ({ id: v.id, name: v.name })));
          if (!q) setMore(Boolean(data.links.next));
        }
      })
      .catch(() => live && setFailed(true))
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [allowed, q, status]);

  // A vendor chosen elsewhere (a link, the URL, the record) that the list does not show: load its name.
  useEffect(() => {
    if (!allowed || !value || found.some((o) => o.id === value) || chosen?.id === value) return undefined;
    let live = true;
    browserApi
      .GET('/api/v1/admin/vendors/{id}', { params: { path: { id: value } } })
      .then(({ data }) => live && data && setChosen({ id: data.id, name: data.name }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [allowed, value, found, chosen]);

  if (!allowed) return null;
  const options = [...found];
  if (value && !options.some((o) => o.id === value)) {
    options.unshift(chosen?.id === value ? chosen : { id: value, name: t('current') });
  }
  const searched = text.trim() !== '' && text.trim() === q;
  return (
    <div className={styles.vendorPicker}>
      {(more || text) && (
        <Field
          id={`${id}-search`}
          label={t('search')}
          type="search"
          value={text}
          maxLength={100}
          aria-busy={busy || undefined}
          hint={busy ? t('searching') : searched ? t('matches', { count: found.length }) : undefined}
          onChange={(e) => setText(e.target.value)}
        />
      )}
      <SelectField
        id={`${id}-vendor`}
        label={label}
        value={value ?? ''}
        hint={hint}
        error={error ?? (failed ? t('failed') : undefined)}
        onChange={(e) => {
          const picked = options.find((o) => o.id === e.target.value) ?? null;
          if (picked) setChosen(picked);
          onChange(picked);
        }}
      >
        <option value="">{emptyLabel}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </SelectField>
    </div>
  );
}
