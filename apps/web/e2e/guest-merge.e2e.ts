/**
 * Journey (b): a guest fills a cart, signs in as a customer (freshly registered through the API, so
 * their own cart starts empty), and finds the guest's lines in their cart.
 */
import { describe, expect, inject, it } from 'vitest';
import { storeOrigin } from './harness';
import { msgPattern } from './browser';
import { NEW_PASSWORD, register, uniqueEmail } from './api';
import { addProduct, cartButton, inStore, signIn, useBrowser } from './steps';

const stack = inject('stack');
const browser = useBrowser();

describe('journey b: guest cart merges on sign-in', () => {
  it("keeps the guest's lines after signing in", async () => {
    const email = uniqueEmail('merge');
    await register(stack.apiUrl, email);
    await inStore(browser(), storeOrigin(stack, 'demo'), 'b-guest-merge', async ({ page, journey }) => {
      await journey.step(page, 'guest-adds-towel', async () => {
        await addProduct(page, 'linen-tea-towel', { Colour: 'Indigo Stripe' });
        await expect.poll(() => cartButton(page).getAttribute('aria-label')).toMatch(/1/);
      });
      await journey.step(page, 'guest-adds-book', async () => {
        await addProduct(page, 'collected-poems-of-emily-dickinson', { Condition: 'Acceptable' });
        await expect.poll(() => cartButton(page).getAttribute('aria-label')).toMatch(/2/);
      });
      await journey.step(page, 'guest-cart', async () => {
        await page.goto('/cart');
        await page
          .getByRole('main')
          .getByText(/Emily Dickinson/)
          .first()
          .waitFor();
      });
      await journey.step(page, 'sign-in', async () => {
        await signIn(page, email, NEW_PASSWORD, '/cart');
      });
      await journey.step(page, 'merged-cart', async () => {
        if (!new URL(page.url()).pathname.startsWith('/cart')) await page.goto('/cart');
        const main = page.getByRole('main');
        await main
          .getByRole('heading', { name: msgPattern('cart', 'page.soldBy') })
          .nth(1)
          .waitFor();
        const text = await main.innerText();
        expect(text).toMatch(/Linen Tea Towel/i);
        expect(text).toMatch(/Indigo Stripe/);
        expect(text).toMatch(/Emily Dickinson/);
        expect(text).toMatch(/Acceptable/);
        await expect.poll(() => cartButton(page).getAttribute('aria-label')).toMatch(/2/);
      });
    });
  });
});
