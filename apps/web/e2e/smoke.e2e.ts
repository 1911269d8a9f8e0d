/** Proves the harness: both servers up, the browser reaches a store by its host name, the page renders. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { storeOrigin } from './harness';
import { Journey, launchBrowser, openStore } from './browser';
import { client } from './api';

const stack = inject('stack');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('smoke', () => {
  it('the demo home page renders the store name', async () => {
    const store = (await client(stack.apiUrl, 'demo').GET('/api/v1/store')).data;
    expect(store?.name).toBeTruthy();
    const journey = new Journey('smoke');
    const { context, page } = await openStore(browser, storeOrigin(stack, 'demo'));
    journey.watch(page);
    try {
      await journey.step(page, 'home', async () => {
        const response = await page.goto('/');
        expect(response?.status()).toBe(200);
        await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
        await expect.poll(() => page.getByRole('banner').innerText()).toContain(store?.name ?? '');
      });
    } finally {
      await context.close();
    }
  });
});
