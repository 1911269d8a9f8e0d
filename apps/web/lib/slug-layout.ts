import type { ReactNode } from 'react';

/** Route params of the pages of one catalog record (`/c/[slug]`, `/p/[slug]`, `/v/[slug]`). */
export type SlugParams = Promise<{ tenant: string; slug: string }>;

/**
 * A layout that loads the record before the page's loading boundary, so an unknown slug answers
 * with a real 404 status instead of a streamed "not found" inside a 200 (the page reads the same
 * cached answer).
 */
export function recordLayout(load: (tenant: string, slug: string) => Promise<unknown>) {
  return async function Layout({ children, params }: { children: ReactNode; params: SlugParams }) {
    const { tenant, slug } = await params;
    await load(tenant, slug);
    return children;
  };
}
