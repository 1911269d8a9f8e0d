'use client';
import { useTranslations } from 'next-intl';
import { CheckboxField } from '../../console/fields';
import { permissionKey, STORE_PERMISSIONS } from './permissions';
import type { StorePermission } from './permissions';
import styles from '../settings/settings.module.css';

/**
 * Store permissions as labelled checkboxes in a fieldset. `grantable` limits which may be changed (a
 * staff member grants only what they hold); the others are shown disabled with their current value.
 */
export function PermissionChecks({
  id,
  legend,
  value,
  onChange,
  grantable,
  hint,
  error,
  disabled = false,
}: {
  id: string;
  legend: string;
  value: readonly StorePermission[];
  onChange: (value: StorePermission[]) => void;
  grantable: (p: StorePermission) => boolean;
  hint?: string;
  error?: string | undefined;
  disabled?: boolean;
}) {
  const t = useTranslations('settings');
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <fieldset className={styles.fieldset} aria-describedby={described || undefined}>
      <legend>{legend}</legend>
      <div className={styles.checks}>
        {STORE_PERMISSIONS.map((p) => (
          <CheckboxField
            key={p}
            id={`${id}-${p.replace(/:/g, '-')}`}
            label={t(permissionKey(p))}
            checked={value.includes(p)}
            disabled={disabled || !grantable(p)}
            onChange={(on) =>
              onChange(
                on ? STORE_PERMISSIONS.filter((x) => x === p || value.includes(x)) : value.filter((x) => x !== p),
              )
            }
          />
        ))}
      </div>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
