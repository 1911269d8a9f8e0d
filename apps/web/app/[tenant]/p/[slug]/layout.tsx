import type { ReactNode } from 'react';
import { getProduct } from '../../../../lib/catalog-data';

/**
 * Loads the record before the page's loading boundary, so an unknown slug answers with a real 404
 * status instead of a streamed "not found" inside a 200 (the page reads the same cached answer).
 */
export default async function Layout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ tenant: string; slug: string }>;
}) {
  const { tenant, slug } = await params;
  await getProduct(tenant, slug);
  return children;
}
