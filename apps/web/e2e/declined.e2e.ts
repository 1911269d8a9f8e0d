/**
 * Journey (c): a guest's card is declined (`tok_chargeDeclined`): the checkout says so and the cart is
 * unchanged; paying cash on delivery then places the order.
 */
import { describe, expect, inject, it } from 'vitest';
import { storeOrigin } from './harness';
import { msg } from './browser';
import { uniqueEmail } from './api';
import {
  addProduct,
  cartButton,
  choosePayment,
  fillCheckoutAddress,
  inStore,
  orderNumberOnPage,
  placeOrder,
  useBrowser,
} from './steps';

const stack = inject('stack');
const browser = useBrowser();

describe('journey c: declined card, then cash on delivery', () => {
  it('shows the decline, keeps the cart, then succeeds with COD', async () => {
    const email = uniqueEmail('declined');
    await inStore(browser(), storeOrigin(stack, 'demo'), 'c-declined-then-cod', async ({ page, journey }) => {
      await journey.step(page, 'add-to-cart', async () => {
        await addProduct(page, 'wide-ramen-bowl', { Size: 'Large' });
        await expect.poll(() => cartButton(page).getAttribute('aria-label')).toMatch(/1/);
      });
      await journey.step(page, 'checkout-declined-card', async () => {
        await page.goto('/checkout');
        await fillCheckoutAddress(page, { guestEmail: email });
        await choosePayment(page, 'card', 'tok_chargeDeclined');
      });
      await journey.step(page, 'declined', async () => {
        await placeOrder(page);
        await page
          .getByRole('alert')
          .filter({ hasText: msg('checkout', 'errors.payment_declined') })
          .waitFor({ timeout: 60_000 });
        expect(new URL(page.url()).pathname).toBe('/checkout');
      });
      await journey.step(page, 'cart-intact', async () => {
        await page.goto('/cart');
        const main = page.getByRole('main');
        await main
          .getByText(/Wide Ramen Bowl/i)
          .first()
          .waitFor();
        expect(await main.innerText()).toMatch(/Large/);
        await expect.poll(() => cartButton(page).getAttribute('aria-label')).toMatch(/1/);
      });
      await journey.step(page, 'checkout-cod', async () => {
        await page.goto('/checkout');
        await fillCheckoutAddress(page, { guestEmail: email });
        await choosePayment(page, 'cod');
      });
      await journey.step(page, 'confirmation', async () => {
        await placeOrder(page);
        await page.waitForURL(/\/orders\/[0-9a-f-]{36}/, { timeout: 60_000 });
        await page.getByRole('heading', { name: msg('checkout', 'confirmation.heading') }).waitFor({ timeout: 30_000 });
        expect(await orderNumberOnPage(page)).not.toBe('');
      });
    });
  });
});
