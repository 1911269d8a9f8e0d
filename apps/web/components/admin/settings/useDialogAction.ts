'use client';
import { useCallback } from 'react';
import { useTranslations } from 'next-intl';
import { consoleProblemText, problemOf } from '../../console/problems';
import type { Answer } from '../../console/useAction';

/**
 * For `ConfirmAction.onConfirm`: runs the call and answers null when it worked, else the sentence to
 * show in the dialog. `onConflict` runs on 412 (reload what the page shows) and the sentence says so.
 */
export function useDialogAction() {
  const t = useTranslations('console');
  const ts = useTranslations('settings');
  return useCallback(
    async <T>(call: () => Promise<Answer<T>>, onConflict?: () => void): Promise<string | null> => {
      try {
        const { error, response } = await call();
        if (response.ok) return null;
        if (response.status === 412) {
          onConflict?.();
          return ts('common.conflictReloaded');
        }
        return consoleProblemText(t, problemOf(error, response));
      } catch {
        return t('errors.network_error');
      }
    },
    [t, ts],
  );
}
