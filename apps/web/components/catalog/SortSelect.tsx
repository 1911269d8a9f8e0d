'use client';
import type { ChangeEvent } from 'react';

/** The sort `<select>` of a listing; submits its filter form on change (the form's button does without JS). */
export function SortSelect({
  form,
  label,
  value,
  options,
}: {
  form: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
}) {
  function submit(event: ChangeEvent<HTMLSelectElement>) {
    event.currentTarget.form?.requestSubmit();
  }
  return (
    <>
      <label htmlFor="listing-sort">{label}</label>
      <select id="listing-sort" name="sort" form={form} defaultValue={value} onChange={submit} className="input">
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </>
  );
}
