'use client';
import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { consoleProblemText, problemOf } from '../../console/problems';
import type { CategoryNode } from './types';

export interface CategoryChoice {
  id: string;
  name: string;
  depth: number;
}

/** The category tree in reading order, each with its depth (for an indented select). */
export function flattenCategories(nodes: readonly CategoryNode[], depth = 0): CategoryChoice[] {
  return nodes.flatMap((n) => [{ id: n.id, name: n.name, depth }, ...flattenCategories(n.children, depth + 1)]);
}

/** The store's categories for a select, or the problem that stopped loading them. */
export function useCategories(): { categories: CategoryChoice[] | null; error: string | null } {
  const t = useTranslations('console');
  const [categories, setCategories] = useState<CategoryChoice[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    browserApi
      .GET('/api/v1/categories')
      .then(({ data, error: err, response }) => {
        if (!live) return;
        if (data) setCategories(flattenCategories(data.data));
        else setError(consoleProblemText(t, problemOf(err, response)));
      })
      .catch(() => live && setError(t('errors.network_error')));
    return () => {
      live = false;
    };
  }, [t]);
  return { categories, error };
}
