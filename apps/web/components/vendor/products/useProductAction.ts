'use client';
import { useCallback, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { Problem } from '@bazaar/sdk';
import { consoleProblemText, problemOf } from '../../console/problems';
import { useAction } from '../../console/useAction';
import type { Answer } from '../../console/useAction';

/** The SKUs a 409 `sku_taken` names. */
export function takenSkus(problem: Problem | null): string[] {
  const skus = problem?.code === 'sku_taken' ? problem.skus : undefined;
  return Array.isArray(skus) ? skus.filter((s): s is string => typeof s === 'string') : [];
}

/**
 * `useAction()` that also keeps the API's problem, so the catalog's own codes (`sku_taken`,
 * `no_active_variant`, …) read in the page's language, and a caller can act on its details (put the
 * taken SKUs next to their fields) through `onProblem`. `message` is the sentence to show.
 */
export function useProductAction() {
  const action = useAction();
  const t = useTranslations('vendorProducts');
  const tc = useTranslations('console');
  const [problem, setProblem] = useState<Problem | null>(null);
  const { run: runAction, reset: resetAction } = action;

  /** The sentence for a problem: the catalog's translation of its code, else the console's. */
  const describe = useCallback(
    (p: Problem): string => {
      const key = `errors.${p.code}`;
      return p.status !== 412 && t.has(key) ? t(key, { skus: takenSkus(p).join(', ') }) : consoleProblemText(tc, p);
    },
    [t, tc],
  );

  const run = useCallback(
    async <T>(call: () => Promise<Answer<T>>, onProblem?: (problem: Problem) => void): Promise<T | null> => {
      setProblem(null);
      return runAction(async () => {
        const answer = await call();
        if (!answer.response.ok) {
          const p = problemOf(answer.error, answer.response);
          setProblem(p);
          onProblem?.(p);
        }
        return answer;
      });
    },
    [runAction],
  );

  const reset = useCallback(() => {
    setProblem(null);
    resetAction();
  }, [resetAction]);

  const message = problem ? describe(problem) : action.error;

  return { ...action, run, reset, problem, describe, message };
}
