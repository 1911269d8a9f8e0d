/**
 * The service worker (public/sw.js, production builds only): catalog pages the shopper visited open
 * again without a network, and a page never visited shows the offline page instead of the browser's
 * error; the cart is never served from the cache.
 */
import { describe, expect, inject, it } from 'vitest';
import { storeOrigin } from './harness';
import { msg } from './browser';
import { inStore, useBrowser } from './steps';
import { client } from './api';

const stack = inject('stack');
const browser = useBrowser();

describe('offline browsing', () => {
  it('serves recently viewed catalog pages offline and the offline page for the rest', async () => {
    const products = (await client(stack.apiUrl, 'demo').GET('/api/v1/products', { params: { query: { limit: 3 } } }))
      .data?.data;
    expect(products?.length).toBeGreaterThanOrEqual(2);
    const [seen, unseen] = products!;
    await inStore(browser(), storeOrigin(stack, 'demo'), 'offline', async ({ page, context, journey }) => {
      await journey.step(page, 'online', async () => {
        await page.goto('/', { waitUntil: 'networkidle' });
        await page.evaluate(async () => {
          await navigator.serviceWorker.ready;
        });
        // The first page load is not controlled yet; after a reload it is.
        await page.reload({ waitUntil: 'networkidle' });
        expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
        await page.goto(`/p/${seen!.slug}`, { waitUntil: 'networkidle' });
      });
      await context.setOffline(true);
      await journey.step(page, 'offline-visited', async () => {
        await page.goto(`/p/${seen!.slug}`);
        await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe(seen!.title);
        await page.goto('/');
        await expect.poll(() => page.getByRole('heading', { level: 1 }).count()).toBe(1);
      });
      await journey.step(page, 'offline-unvisited', async () => {
        await page.goto(`/p/${unseen!.slug}`);
        await expect
          .poll(() => page.getByRole('heading', { level: 1 }).innerText())
          .toBe(msg('catalog', 'offline.title'));
        await page.goto('/cart');
        await expect
          .poll(() => page.getByRole('heading', { level: 1 }).innerText())
          .toBe(msg('catalog', 'offline.title'));
      });
    });
  });
});
