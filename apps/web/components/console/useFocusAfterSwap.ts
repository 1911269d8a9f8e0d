'use client';
import { useEffect, useRef } from 'react';

/**
 * Keeps focus in the page when an action replaces the control that had it: confirming "Suspend"
 * swaps the button (and its dialog) for "Reactivate", a refund of everything left swaps "Refund" for
 * a sentence, so focus would fall to `<body>`. When `state` (what decides which control is shown, e.g.
 * the record's status) changes and focus has been lost, it moves to the returned ref's element: the
 * page's status message (give it `tabIndex={-1}`) or the control that took the old one's place.
 * Focus that is still somewhere (a form's button, a reopened opener) is left alone, and so is the
 * first `state` after `undefined` (the record has just loaded).
 */
export function useFocusAfterSwap<T extends HTMLElement>(state: unknown) {
  const target = useRef<T>(null);
  const shown = useRef(state);
  useEffect(() => {
    if (Object.is(shown.current, state)) return;
    const loading = shown.current === undefined;
    shown.current = state;
    if (loading) return;
    const active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) target.current?.focus();
  }, [state]);
  return target;
}
