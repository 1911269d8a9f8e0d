/** Proves the harness: both servers up, the browser reaches a store by its host name, the page renders. */
import { describe, expect, inject, it } from 'vitest';
import { storeOrigin } from './harness';
import { inStore, useBrowser } from './steps';
import { client } from './api';

const stack = inject('stack');
const browser = useBrowser();

describe('smoke', () => {
  it('the demo home page renders the store name', async () => {
    const store = (await client(stack.apiUrl, 'demo').GET('/api/v1/store')).data;
    expect(store?.name).toBeTruthy();
    await inStore(browser(), storeOrigin(stack, 'demo'), 'smoke', async ({ page, journey }) => {
      await journey.step(page, 'home', async () => {
        const response = await page.goto('/');
        expect(response?.status()).toBe(200);
        await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
        await expect.poll(() => page.getByRole('banner').innerText()).toContain(store?.name ?? '');
      });
    });
  });
});
