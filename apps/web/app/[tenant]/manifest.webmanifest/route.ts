import { getStore, uiLocale } from '../../../lib/api';

type Params = Promise<{ tenant: string }>;

/** Short name on a home screen: the store name, cut at a word boundary when long. */
function shortName(name: string): string {
  if (name.length <= 12) return name;
  const first = name.split(/\s+/)[0] ?? name;
  return first.length <= 12 ? first : first.slice(0, 12);
}

/** Web app manifest of a store, so the storefront can be installed (with `public/sw.js`). */
export async function GET(_request: Request, { params }: { params: Params }): Promise<Response> {
  const { tenant } = await params;
  const store = await getStore(tenant);
  const manifest = {
    id: '/',
    name: store.name,
    short_name: shortName(store.name),
    lang: uiLocale(store),
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: '#1d4ed8',
    background_color: '#ffffff',
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
  return Response.json(manifest, {
    headers: { 'Content-Type': 'application/manifest+json; charset=utf-8', 'Cache-Control': 'public, max-age=3600' },
  });
}
