/**
 * Journey (a): a new customer registers, signs out and in again, searches from the header, filters the
 * results by seller, adds variants of two products from two different sellers, applies the coupon
 * WELCOME10, pays with the test card `tok_visa`, sees the order number on the confirmation page, and then
 * sees the order's status change live (server-sent events, no reload) when the store owner moves it on
 * through the API (confirmed → processing) and when a seller ships their part.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { storeOrigin } from './harness';
import { Journey, launchBrowser, msg, msgPattern, openStore } from './browser';
import { NEW_PASSWORD, OWNER, VENDOR, getOrderAsOwner, login, shipSubOrder, transition, uniqueEmail } from './api';
import {
  cartButton,
  chooseAndAdd,
  addProduct,
  choosePayment,
  fillCheckoutAddress,
  orderIdFromUrl,
  orderNumberOnPage,
  placeOrder,
  signIn,
} from './steps';

const stack = inject('stack');

/** The "Total" figure of the totals list on the page (cart, checkout or order). */
async function totalShown(page: Page): Promise<string> {
  const dd = page
    .locator('dt', { hasText: new RegExp(`^${msg('cart', 'totals.total')}$`) })
    .locator('xpath=following-sibling::dd[1]');
  await dd.first().waitFor({ timeout: 20_000 });
  return (await dd.first().innerText()).trim();
}
let browser: Browser;
let context: BrowserContext;
let page: Page;
const journey = new Journey('a-purchase');
const email = uniqueEmail('purchase');
// Every order event stream the page opens, from its first request on: the
// confirmation page may open the stream before the live-status test starts.
const streams: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  ({ context, page } = await openStore(browser, storeOrigin(stack, 'demo')));
  journey.watch(page);
  page.on('request', (r) => {
    if (/\/orders\/[0-9a-f-]{36}\/events/.test(r.url())) streams.push(r.url());
  });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('journey a: register, shop from two sellers, coupon, pay, live status', () => {
  it('registers, signs out and signs in again', async () => {
    await journey.step(page, 'register', async () => {
      await page.goto('/account/register');
      await page.getByLabel(msg('account', 'fields.name'), { exact: true }).fill('Ada Lovelace');
      await page.getByLabel(msg('account', 'fields.email'), { exact: true }).fill(email);
      await page.getByLabel(msg('account', 'fields.password'), { exact: true }).fill(NEW_PASSWORD);
      await page.getByRole('checkbox', { name: msgPattern('account', 'register.terms') }).check();
      await page.getByRole('button', { name: msg('account', 'register.submit'), exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/account', { timeout: 30_000 });
    });
    await journey.step(page, 'sign-out', async () => {
      await page.getByRole('button', { name: msg('account', 'overview.signOut'), exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/', { timeout: 30_000 });
    });
    await journey.step(page, 'sign-in', async () => {
      await signIn(page, email, NEW_PASSWORD);
      expect(new URL(page.url()).pathname).toBe('/account');
    });
  });

  it('searches from the header and filters by seller', async () => {
    await journey.step(page, 'search', async () => {
      const box = page.getByRole('combobox', { name: msg('common', 'search.label') });
      await box.fill('mug');
      await box.press('Enter');
      await page.waitForURL(/\/search\?q=mug/);
      await page
        .getByRole('link', { name: /Hand-thrown Stoneware Mug/ })
        .first()
        .waitFor();
    });
    await journey.step(page, 'filter-by-seller', async () => {
      const summary = page.getByText(msg('catalog', 'filters.show'), { exact: true });
      if ((await page.getByRole('group', { name: msg('catalog', 'filters.vendor') }).isVisible()) === false) {
        await summary.click();
      }
      const sellers = page.getByRole('group', { name: msg('catalog', 'filters.vendor'), exact: true });
      await sellers.getByRole('radio', { name: /^Demo Crafts/ }).check();
      await page
        .getByRole('button', { name: msg('catalog', 'filters.apply'), exact: true })
        .first()
        .click();
      await page.waitForURL(/vendor=/);
      await page
        .getByRole('link', { name: /Hand-thrown Stoneware Mug/ })
        .first()
        .waitFor();
    });
  });

  it('adds two variants from two sellers and applies WELCOME10', async () => {
    await journey.step(page, 'product-page', async () => {
      await page
        .getByRole('link', { name: /Hand-thrown Stoneware Mug/ })
        .first()
        .click();
      await page.waitForURL(/\/p\/hand-thrown-stoneware-mug/);
      await page.getByRole('heading', { level: 1, name: /Hand-thrown Stoneware Mug/ }).waitFor();
    });
    await journey.step(page, 'add-mug-sage', async () => {
      await chooseAndAdd(page, { Colour: 'Sage' });
      await expect.poll(() => cartButton(page).getAttribute('aria-label')).toMatch(/1/);
    });
    await journey.step(page, 'add-book-second-seller', async () => {
      await addProduct(page, 'moby-dick-penguin-classics', { Condition: 'Acceptable' });
      await expect.poll(() => cartButton(page).getAttribute('aria-label')).toMatch(/2/);
    });
    await journey.step(page, 'cart', async () => {
      await page.goto('/cart');
      const main = page.getByRole('main');
      await main
        .getByRole('heading', { name: msgPattern('cart', 'page.soldBy') })
        .nth(1)
        .waitFor();
      const text = await main.innerText();
      expect(text).toMatch(/Hand-thrown Stoneware Mug/);
      expect(text).toMatch(/Sage/);
      expect(text).toMatch(/Moby/);
      expect(text).toMatch(/Acceptable/);
    });
    await journey.step(page, 'coupon', async () => {
      await page.getByLabel(msg('cart', 'coupon.label'), { exact: true }).fill('WELCOME10');
      await page.getByRole('button', { name: msg('cart', 'coupon.apply'), exact: true }).click();
      await page.getByText(msg('cart', 'coupon.added').replace('{code}', 'WELCOME10')).first().waitFor();
      await page.getByText(msg('cart', 'totals.discount'), { exact: true }).first().waitFor();
    });
  });

  let orderId = '';
  let checkoutTotal = '';
  it('pays with tok_visa and sees the order number', async () => {
    await journey.step(page, 'checkout', async () => {
      await page
        .getByRole('main')
        .getByRole('link', { name: msg('cart', 'page.checkout'), exact: true })
        .click();
      await page.waitForURL(/\/checkout/);
      await fillCheckoutAddress(page, { signedInAs: email });
      await choosePayment(page, 'card', 'tok_visa');
    });
    await journey.step(page, 'express-shipping', async () => {
      // A dearer option than the cheapest: the total shown is re-priced by the API for the choice.
      const settled = async () => {
        await page.waitForLoadState('networkidle');
        await page
          .locator('[aria-busy="false"]')
          .filter({ has: page.locator('dl') })
          .first()
          .waitFor();
        return totalShown(page);
      };
      const before = await settled();
      const group = page.getByRole('group', { name: msgPattern('checkout', 'shipping.vendor', { partial: true }) });
      await group
        .last()
        .getByRole('radio', { name: /^Express/ })
        .check();
      await expect.poll(() => totalShown(page), { timeout: 20_000 }).not.toBe(before);
      // The total moves with the address (tax) as well as with the option: wait until the shipping
      // figure is the sum of the options checked, so the total read is the re-priced one.
      const chosenShipping = async () => {
        const labels = await page
          .getByRole('radio', { checked: true })
          .evaluateAll((radios) => radios.map((r) => r.closest('label')?.textContent ?? ''));
        const cents = labels
          .map((text) => /—\s*\$(\d+)\.(\d{2})/.exec(text))
          .filter((m): m is RegExpExecArray => m !== null)
          .reduce((sum, m) => sum + Number(m[1]) * 100 + Number(m[2]), 0);
        return `$${(cents / 100).toFixed(2)}`;
      };
      const shippingShown = () =>
        page
          .locator('aside dt', { hasText: new RegExp(`^${msg('cart', 'totals.shipping')}$`) })
          .locator('xpath=following-sibling::dd[1]')
          .innerText();
      const expected = await chosenShipping();
      expect(expected).not.toBe('$0.00');
      await expect.poll(shippingShown, { timeout: 20_000 }).toBe(expected);
      checkoutTotal = await settled();
    });
    await journey.step(page, 'confirmation', async () => {
      await placeOrder(page);
      await page.waitForURL(/\/orders\/[0-9a-f-]{36}/, { timeout: 60_000 });
      orderId = orderIdFromUrl(page.url());
      await page.getByRole('heading', { name: msg('checkout', 'confirmation.heading') }).waitFor({ timeout: 30_000 });
      const number = await orderNumberOnPage(page);
      const ownerToken = await login(stack.apiUrl, OWNER.email, OWNER.password);
      const order = await getOrderAsOwner(stack.apiUrl, ownerToken, orderId);
      expect(number).toBe(order.number);
      expect(order.subOrders.length).toBe(2);
      expect(order.totals.discount.amount).toBeGreaterThan(0);
      // What checkout showed is what the order charges, Express included.
      expect(await totalShown(page)).toBe(checkoutTotal);
      expect(order.subOrders.map((s) => s.shippingMethod)).toContain('Express');
    });
  });

  it('shows the status the owner sets, live, without a reload', async () => {
    expect(orderId).not.toBe('');
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    await journey.step(page, 'live-connected', async () => {
      await page.getByText(msg('checkout', 'timeline.live'), { exact: true }).waitFor({ timeout: 30_000 });
    });
    const statusLine = (status: string) =>
      page.getByText(`${msg('checkout', 'order.status')}: ${msg('checkout', `order.statuses.${status}`)}`, {
        exact: true,
      });
    await journey.step(page, 'status-processing', async () => {
      const ownerToken = await login(stack.apiUrl, OWNER.email, OWNER.password);
      const before = await getOrderAsOwner(stack.apiUrl, ownerToken, orderId);
      expect(before.status).toBe('confirmed');
      await statusLine('confirmed').waitFor({ timeout: 20_000 });
      await transition(stack.apiUrl, ownerToken, orderId, 'processing');
      await statusLine('processing').waitFor({ timeout: 20_000 });
    });
    await journey.step(page, 'still-live', async () => {
      // The stream stays (or comes back) open for further changes.
      await page.getByText(msg('checkout', 'timeline.live'), { exact: true }).waitFor({ timeout: 30_000 });
    });
    await journey.step(page, 'vendor-ships', async () => {
      const ownerToken = await login(stack.apiUrl, OWNER.email, OWNER.password);
      const order = await getOrderAsOwner(stack.apiUrl, ownerToken, orderId);
      const sub = order.subOrders.find((s) => s.vendor.slug === 'demo-crafts');
      expect(sub).toBeDefined();
      const vendorToken = await login(stack.apiUrl, VENDOR.email, VENDOR.password);
      await shipSubOrder(stack.apiUrl, vendorToken, sub?.id ?? '');
      const shipped = msg('checkout', 'timeline.shipped').replace('{vendor}', sub?.vendor.name ?? '');
      await page.getByText(shipped, { exact: true }).waitFor({ timeout: 20_000 });
    });
    expect(navigations).toBe(0);
    expect(streams.filter((url) => url.includes(`/orders/${orderId}/events`)).length).toBeGreaterThan(0);
  });
});
