'use client';
import { useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslations } from 'next-intl';
import { Field } from '../../console/fields';
import { LIMITS, comboCount, newKey, splitValues } from './productForm';
import type { OptionDraft } from './productForm';
import styles from './products.module.css';

/**
 * What a product's variants differ by: up to three options (Colour, Size), each with its values.
 * A value is added with Enter, the "Add value" button or by leaving the field; several at once are
 * separated by commas. Every change goes to `onChange`, which regenerates the variants.
 */
export function OptionsEditor({
  options,
  onChange,
  fieldId,
  errorFor,
  disabled,
}: {
  options: readonly OptionDraft[];
  onChange: (options: OptionDraft[], changedPath?: string) => void;
  /** The element id of a field path (`options.0.name`). */
  fieldId: (path: string) => string;
  errorFor: (path: string) => string | undefined;
  disabled: boolean;
}) {
  const t = useTranslations('vendorProducts');
  const [pending, setPending] = useState<Record<string, string>>({});
  const [local, setLocal] = useState<Record<string, string>>({});
  const [announce, setAnnounce] = useState('');

  const replace = (index: number, next: OptionDraft, changedPath?: string) =>
    onChange(
      options.map((o, i) => (i === index ? next : o)),
      changedPath,
    );

  function addValues(index: number) {
    const option = options[index];
    if (!option) return;
    const text = pending[option.key] ?? '';
    const values = splitValues(text, option.values);
    setLocal((l) => ({ ...l, [option.key]: '' }));
    if (values.length === 0) {
      setPending((p) => ({ ...p, [option.key]: '' }));
      return;
    }
    const long = values.find((v) => v.length > LIMITS.optionValue);
    if (long) {
      setLocal((l) => ({ ...l, [option.key]: t('validation.tooLong', { max: LIMITS.optionValue }) }));
      return;
    }
    const next = { ...option, values: [...option.values, ...values] };
    if (next.values.length > LIMITS.values) {
      setLocal((l) => ({ ...l, [option.key]: t('validation.tooManyValues', { max: LIMITS.values }) }));
      return;
    }
    const count = comboCount(options.map((o, i) => (i === index ? next : o)));
    if (count > LIMITS.variants) {
      setLocal((l) => ({ ...l, [option.key]: t('validation.tooManyCombinations', { count, max: LIMITS.variants }) }));
      return;
    }
    setPending((p) => ({ ...p, [option.key]: '' }));
    setAnnounce(t('options.valuesAdded', { values: values.join(', '), count: values.length }));
    replace(index, next, `options.${index}.values`);
  }

  function removeValue(index: number, value: string) {
    const option = options[index];
    if (!option) return;
    setAnnounce(t('options.valueRemoved', { value }));
    replace(index, { ...option, values: option.values.filter((v) => v !== value) });
  }

  function addOption() {
    const option: OptionDraft = { key: newKey('o'), name: '', values: [] };
    onChange([...options, option]);
    const id = fieldId(`options.${options.length}.name`);
    // The new option's name field exists after this render.
    setTimeout(() => document.getElementById(id)?.focus(), 0);
  }

  function removeOption(index: number) {
    setAnnounce(t('options.optionRemoved', { n: index + 1 }));
    onChange(options.filter((_, i) => i !== index));
  }

  const onValueKey = (index: number) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      addValues(index);
    }
  };

  return (
    <div>
      <p className="hint">{t('options.description', { max: LIMITS.options })}</p>
      {options.length === 0 && <p className="muted">{t('options.none')}</p>}
      {options.map((option, i) => {
        const n = i + 1;
        const valuesId = fieldId(`options.${i}.values`);
        return (
          <fieldset key={option.key} className={styles.option}>
            <legend className={styles.optionLegend}>{t('options.legend', { n })}</legend>
            <div className={styles.optionGrid}>
              <Field
                id={fieldId(`options.${i}.name`)}
                label={t('options.name', { n })}
                placeholder={t('options.namePlaceholder')}
                value={option.name}
                maxLength={LIMITS.optionName}
                autoComplete="off"
                error={errorFor(`options.${i}.name`)}
                onChange={(e) => replace(i, { ...option, name: e.target.value }, `options.${i}.name`)}
              />
              <div className={styles.valueEntry}>
                <Field
                  id={valuesId}
                  label={t('options.addValue', { n })}
                  hint={t('options.addValueHint')}
                  placeholder={t('options.valuePlaceholder')}
                  value={pending[option.key] ?? ''}
                  autoComplete="off"
                  error={local[option.key] || errorFor(`options.${i}.values`)}
                  onChange={(e) => setPending((p) => ({ ...p, [option.key]: e.target.value }))}
                  onKeyDown={onValueKey(i)}
                  onBlur={() => {
                    if ((pending[option.key] ?? '').trim()) addValues(i);
                  }}
                />
                <button type="button" className="btn btn-secondary" onClick={() => addValues(i)}>
                  {t('options.addValueButton')}
                  <span className="visually-hidden"> {t('options.toOption', { n })}</span>
                </button>
              </div>
            </div>
            {option.values.length > 0 && (
              <ul className={styles.chips} aria-label={t('options.valuesOf', { n })}>
                {option.values.map((value) => (
                  <li key={value} className={styles.chip}>
                    <span>{value}</span>
                    <button
                      type="button"
                      className={styles.chipRemove}
                      onClick={() => removeValue(i, value)}
                      disabled={disabled}
                    >
                      <span aria-hidden="true">×</span>
                      <span className="visually-hidden">{t('options.removeValue', { value })}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <button type="button" className="btn-link" onClick={() => removeOption(i)}>
              {t('options.remove', { n })}
            </button>
          </fieldset>
        );
      })}
      <p role="status" className="visually-hidden">
        {announce}
      </p>
      <button
        type="button"
        className="btn btn-secondary"
        onClick={addOption}
        disabled={disabled || options.length >= LIMITS.options}
      >
        {t('options.add')}
      </button>
    </div>
  );
}
