'use client';
import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { useCan } from '../../console/ConsoleProvider';
import { Field, SelectField } from '../../console/fields';
import styles from './settings.module.css';

export interface VendorOption {
  id: string;
  name: string;
}

/**
 * Which vendor a shipping rate is for: every vendor (the store's default), or one found by name. The
 * search asks the API (debounced, 10 matches), so a store with thousands of vendors stays fast.
 * Without `vendors:approve` (the vendor list needs it) the vendor is given by its id.
 */
export function VendorPicker({
  id,
  value,
  known,
  onChange,
  error,
}: {
  id: string;
  /** The vendor id, '' for every vendor. */
  value: string;
  /** Names of vendors already resolved (the zone's own). */
  known: readonly VendorOption[];
  onChange: (vendorId: string, vendor?: VendorOption) => void;
  error?: string | undefined;
}) {
  const t = useTranslations('settings');
  const canList = useCan('vendors:approve');
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<VendorOption[]>([]);
  const [searching, setSearching] = useState(false);

  useEffect(() => {
    const q = query.trim();
    if (!canList || !q) return undefined;
    let live = true;
    const timer = setTimeout(() => {
      setSearching(true);
      browserApi
        .GET('/api/v1/admin/vendors', { params: { query: { q, status: 'approved', limit: 10 } } })
        .then(({ data }) => {
          if (live) setFound((data?.data ?? []).map((v) => ({ id: v.id, name: v.name })));
        })
        .catch(() => live && setFound([]))
        .finally(() => live && setSearching(false));
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, canList]);

  if (!canList) {
    return (
      <Field
        id={id}
        label={t('shipping.vendorId')}
        value={value}
        onChange={(e) => onChange(e.target.value.trim())}
        hint={t('shipping.vendorIdHint')}
        error={error}
      />
    );
  }

  const options = new Map<string, VendorOption>();
  for (const v of [...known, ...found]) options.set(v.id, v);
  if (value && !options.has(value)) options.set(value, { id: value, name: value });
  const shown = query.trim() ? found : [];

  return (
    <div className={styles.grid3}>
      <SelectField
        id={id}
        label={t('shipping.vendor')}
        value={value}
        error={error}
        onChange={(e) => onChange(e.target.value, options.get(e.target.value))}
      >
        <option value="">{t('shipping.everyVendor')}</option>
        {[...options.values()].map((v) => (
          <option key={v.id} value={v.id}>
            {v.name}
          </option>
        ))}
      </SelectField>
      <Field
        id={`${id}-search`}
        type="search"
        label={t('shipping.findVendor')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        hint={
          searching
            ? t('shipping.searching')
            : query.trim()
              ? t('shipping.vendorMatches', { count: shown.length })
              : t('shipping.findVendorHint')
        }
      />
    </div>
  );
}
