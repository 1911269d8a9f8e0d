import { getStore } from '../../../lib/api';
import { publicOrigin } from '../../../lib/config';
import { sitemapEntries } from '../../../lib/catalog-data';

type Params = Promise<{ tenant: string }>;

const escapeXml = (s: string): string =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);

/** `/sitemap.xml` of a store: home, categories, vendors and active products, with absolute URLs. */
export async function GET(_request: Request, { params }: { params: Params }): Promise<Response> {
  const { tenant } = await params;
  const store = await getStore(tenant);
  const origin = publicOrigin(store.slug, store.domains);
  const entries = await sitemapEntries(tenant);
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...entries.map((e) => {
      const loc = `<loc>${escapeXml(new URL(e.path, origin).toString())}</loc>`;
      const lastmod = e.lastModified ? `<lastmod>${escapeXml(e.lastModified)}</lastmod>` : '';
      return `<url>${loc}${lastmod}</url>`;
    }),
    '</urlset>',
  ].join('\n');
  return new Response(body, {
    headers: {
      'Content-Type': 'application/xml; charset=utf-8',
      'Cache-Control': 'public, max-age=3600, stale-while-revalidate=86400',
    },
  });
}
