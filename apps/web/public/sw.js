/* global self, caches, Request, Response */
/* Bazaar storefront service worker: offline catalog browsing and fast repeat visits.
 *
 * - precache the shell: the home page and the offline page;
 * - cache first: Next's hashed static assets (/_next/static/*) and the app icons;
 * - stale-while-revalidate: optimised and original product images (/_next/image, /api/v1/media/*);
 * - network first, cache fallback: navigations to catalog pages (/, /search, /c/*, /p/*, /v/*), keeping
 *   the most recent pages only;
 * - never cached: API JSON (/api/*), cart, checkout, account and order pages;
 * - offline navigation with nothing cached: the offline page.
 * Bump VERSION to drop every cache of an older worker on activation.
 */
const VERSION = 'v1';
const PREFIX = 'bazaar-';
const SHELL = `${PREFIX}shell-${VERSION}`;
const STATIC = `${PREFIX}static-${VERSION}`;
const PAGES = `${PREFIX}pages-${VERSION}`;
const MEDIA = `${PREFIX}media-${VERSION}`;
const CURRENT = [SHELL, STATIC, PAGES, MEDIA];
const OFFLINE_URL = '/offline';
const PRECACHE = ['/', OFFLINE_URL];
const MAX_PAGES = 30;
const MAX_MEDIA = 150;

const PRIVATE = /^\/(cart|checkout|account|orders)(\/|$)/;
const CATALOG = /^\/($|search\/?$|[cpv]\/)/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith(PREFIX) && !CURRENT.includes(k)).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

/** Keeps the newest `max` entries of a cache (entries are kept in insertion order). */
async function trim(cacheName, max) {
  const cache = await caches.open(cacheName);
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - max)).map((key) => cache.delete(key)));
}

const cacheable = (response) => response && response.ok && response.type === 'basic';

async function put(cacheName, request, response, max) {
  const cache = await caches.open(cacheName);
  // Delete first so a revisited page moves to the end (the most recent).
  await cache.delete(request);
  await cache.put(request, response);
  if (max) await trim(cacheName, max);
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (cacheable(response)) await put(STATIC, request, response.clone());
  return response;
}

async function staleWhileRevalidate(event) {
  const { request } = event;
  const cached = await caches.match(request);
  const network = fetch(request)
    .then(async (response) => {
      if (cacheable(response)) await put(MEDIA, request, response.clone(), MAX_MEDIA);
      return response;
    })
    .catch(() => undefined);
  if (cached) {
    event.waitUntil(network);
    return cached;
  }
  return (await network) || Response.error();
}

async function offlinePage() {
  return (
    (await caches.match(OFFLINE_URL)) ||
    new Response('Offline', { status: 503, headers: { 'Content-Type': 'text/plain' } })
  );
}

async function catalogPage(request) {
  try {
    const response = await fetch(request);
    if (cacheable(response)) await put(PAGES, pageKey(request), response.clone(), MAX_PAGES);
    return response;
  } catch {
    return (await caches.match(pageKey(request))) || (await caches.match(request)) || offlinePage();
  }
}

/** Cache key of a page: its URL without a fragment. */
function pageKey(request) {
  const url = new URL(request.url);
  url.hash = '';
  return new Request(url.toString());
}

async function networkOnlyPage(request) {
  try {
    return await fetch(request);
  } catch {
    return offlinePage();
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;

  if (path.startsWith('/api/v1/media/')) return event.respondWith(staleWhileRevalidate(event));
  if (path.startsWith('/api/')) return; // JSON, auth, SSE: always the network, never stored.
  if (path.startsWith('/_next/static/') || path.startsWith('/icons/')) return event.respondWith(cacheFirst(request));
  if (path === '/_next/image') return event.respondWith(staleWhileRevalidate(event));

  if (request.mode === 'navigate') {
    if (PRIVATE.test(path) || !CATALOG.test(path)) return event.respondWith(networkOnlyPage(request));
    return event.respondWith(catalogPage(request));
  }
});
