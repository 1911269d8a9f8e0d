/**
 * Journey (d): the German store. `acme.localhost` renders in German (`<html lang="de">`, German UI
 * strings from `messages/de`) with prices in euros.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { storeOrigin } from './harness';
import { Journey, launchBrowser, openStore } from './browser';
import deCommon from '../messages/de/common.json';
import deCatalog from '../messages/de/catalog.json';

const stack = inject('stack');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('journey d: German store', () => {
  it('acme renders German text and euro prices', async () => {
    const journey = new Journey('d-german-store');
    const { context, page } = await openStore(browser, storeOrigin(stack, 'acme'));
    journey.watch(page);
    try {
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
    } finally {
      await context.close();
    }
  });
});
