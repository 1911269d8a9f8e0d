'use client';
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../lib/browser-api';
import styles from './SearchBox.module.css';

export interface Suggestion {
  id: string;
  slug: string;
  title: string;
}

/** Wait after the last keystroke before asking for suggestions. */
export const SUGGEST_DELAY_MS = 200;
/** Shortest text worth suggesting for. */
const MIN_CHARS = 2;

/**
 * The header search: a plain GET form to `/search` (works without JS) enhanced into an ARIA combobox
 * with debounced title suggestions. Only the answer to the latest text is shown (older requests are
 * aborted, and a sequence number drops any answer that still arrives late).
 */
export function SearchBox() {
  const t = useTranslations('common');
  const tc = useTranslations('catalog');
  const router = useRouter();
  const id = useId();
  const listId = `${id}-list`;
  const [value, setValue] = useState('');
  const [items, setItems] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const seq = useRef(0);
  const controller = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      controller.current?.abort();
    },
    [],
  );

  function close() {
    setOpen(false);
    setActive(-1);
  }

  async function fetchSuggestions(text: string, n: number) {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    try {
      const { data } = await browserApi.GET('/api/v1/products/suggest', {
        params: { query: { q: text } },
        signal: abort.signal,
      });
      if (n !== seq.current) return;
      const list = data?.data ?? [];
      setItems(list);
      setActive(-1);
      setOpen(list.length > 0);
    } catch {
      // Aborted or offline: the form still submits to the search page.
    }
  }

  function onChange(text: string) {
    setValue(text);
    const n = ++seq.current;
    if (timer.current) clearTimeout(timer.current);
    const trimmed = text.trim();
    if (trimmed.length < MIN_CHARS) {
      controller.current?.abort();
      setItems([]);
      close();
      return;
    }
    timer.current = setTimeout(() => void fetchSuggestions(trimmed.slice(0, 100), n), SUGGEST_DELAY_MS);
  }

  function go(item: Suggestion) {
    seq.current++;
    close();
    setValue(item.title);
    router.push(`/p/${encodeURIComponent(item.slug)}`);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (items.length === 0) return;
      setOpen(true);
      setActive((i) => (i + 1) % items.length);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (items.length === 0) return;
      setOpen(true);
      setActive((i) => (i <= 0 ? items.length - 1 : i - 1));
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        close();
      } else if (value) {
        onChange('');
      }
    } else if (event.key === 'Enter') {
      const item = open && active >= 0 ? items[active] : undefined;
      if (item) {
        event.preventDefault();
        go(item);
      }
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = value.trim();
    seq.current++;
    close();
    router.push(q ? `/search?q=${encodeURIComponent(q)}` : '/search');
  }

  const activeId = open && active >= 0 ? `${id}-opt-${active}` : undefined;
  return (
    <form role="search" action="/search" className={styles.form} onSubmit={onSubmit}>
      <label htmlFor={`${id}-input`} className="visually-hidden">
        {t('search.label')}
      </label>
      <div className={styles.box}>
        <input
          id={`${id}-input`}
          name="q"
          type="search"
          className={`input ${styles.input}`}
          placeholder={t('search.placeholder')}
          autoComplete="off"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={activeId}
          maxLength={200}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => close()}
          onFocus={() => items.length > 0 && value.trim().length >= MIN_CHARS && setOpen(true)}
        />
        <ul id={listId} role="listbox" aria-label={tc('search.suggestions')} className={styles.list} hidden={!open}>
          {items.map((item, i) => (
            <li
              key={item.id}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={styles.option}
              // Keep the focus in the input; the click still chooses.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => go(item)}
            >
              {item.title}
            </li>
          ))}
        </ul>
      </div>
      <button type="submit" className={`btn ${styles.submit}`}>
        {tc('search.submit')}
      </button>
      <p role="status" className="visually-hidden">
        {open ? tc('search.available', { count: items.length }) : ''}
      </p>
    </form>
  );
}
