import { getStore } from '../../../lib/api';
import { publicOrigin } from '../../../lib/config';

type Params = Promise<{ tenant: string }>;

/** `/robots.txt` of a store: the catalog is open to crawlers; carts, checkout, accounts and the API are not. */
export async function GET(_request: Request, { params }: { params: Params }): Promise<Response> {
  const { tenant } = await params;
  const store = await getStore(tenant);
  const origin = publicOrigin(store.slug, store.domains);
  const body = [
    'User-agent: *',
    'Allow: /',
    'Disallow: /cart',
    'Disallow: /checkout',
    'Disallow: /account',
    'Disallow: /orders',
    'Disallow: /api/',
    'Disallow: /offline',
    '',
    `Sitemap: ${origin}/sitemap.xml`,
    '',
  ].join('\n');
  return new Response(body, {
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=3600' },
  });
}
