/**
 * Journey (d): the German store. `acme.localhost` renders in German (`<html lang="de">`, German UI
 * strings from `messages/de`) with prices in euros.
 */
import { describe, expect, inject, it } from 'vitest';
import { storeOrigin } from './harness';
import { inStore, useBrowser } from './steps';
import deCommon from '../messages/de/common.json';
import deCatalog from '../messages/de/catalog.json';

const stack = inject('stack');
const browser = useBrowser();

describe('journey d: German store', () => {
  it('acme renders German text and euro prices', async () => {
    await inStore(browser(), storeOrigin(stack, 'acme'), 'd-german-store', async ({ page, journey }) => {
      await journey.step(page, 'home', async () => {
        expect((await page.goto('/'))?.status()).toBe(200);
        expect(await page.locator('html').getAttribute('lang')).toBe('de');
        // Shared German strings: the search box's label and the skip link.
        await expect.poll(() => page.getByRole('combobox', { name: deCommon.search.label }).count()).toBeGreaterThan(0);
        expect(await page.getByRole('link', { name: deCommon.skipToContent }).count()).toBe(1);
      });
      await journey.step(page, 'listing-in-euros', async () => {
        expect((await page.goto('/search'))?.status()).toBe(200);
        const main = page.getByRole('main');
        await expect.poll(() => main.innerText(), { timeout: 20_000 }).toMatch(/\d[\d.,\s]*\s?€|€\s?\d/);
        expect(await main.innerText()).not.toMatch(/\$\s?\d/);
      });
      await journey.step(page, 'product-in-german', async () => {
        await page.getByRole('main').locator('a[href^="/p/"]').first().click();
        await page.waitForURL(/\/p\//);
        await page.getByRole('button', { name: deCatalog.product.addToCart, exact: true }).waitFor();
        expect(await page.getByRole('main').innerText()).toMatch(/€/);
      });
    });
  });
});
