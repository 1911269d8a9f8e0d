/**
 * Steps shared by the console journeys (vendor portal, admin dashboard): signing in as someone in a
 * fresh browser context of the store, and a guest purchase from one seller through the storefront.
 */
import { expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type Journey, msg, openStore } from './browser';
import {
  choosePayment,
  fillCheckoutAddress,
  orderIdFromUrl,
  orderNumberOnPage,
  placeOrder,
  addProduct,
  signIn,
} from './steps';

export interface Tab {
  page: Page;
  context: BrowserContext;
}

/** A new browser context of the store, signed in as `who` and left on `path`. */
export async function signedIn(
  browser: Browser,
  origin: string,
  journey: Journey,
  who: { email: string; password: string },
  path: string,
): Promise<Tab> {
  const tab = await openStore(browser, origin);
  journey.watch(tab.page);
  await signIn(tab.page, who.email, who.password, path);
  await tab.page.waitForURL((url) => url.pathname === path, { timeout: 30_000 });
  return tab;
}

/** The page's h1 once it has rendered (console pages render in the browser after loading). */
export async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 30_000 });
}

/**
 * A guest buys one unit of a product (`choices` per option) and pays with the test card `tok_visa`;
 * answers the order's id and number, the page left on the order's confirmation.
 */
export async function guestPurchase(
  page: Page,
  slug: string,
  choices: Record<string, string>,
  email: string,
): Promise<{ orderId: string; number: string }> {
  await addProduct(page, slug, choices);
  await page.goto('/checkout');
  await fillCheckoutAddress(page, { guestEmail: email });
  await choosePayment(page, 'card', 'tok_visa');
  await placeOrder(page);
  await page.waitForURL(/\/orders\/[0-9a-f-]{36}/, { timeout: 60_000 });
  await page.getByRole('heading', { name: msg('checkout', 'confirmation.heading') }).waitFor({ timeout: 30_000 });
  const number = await orderNumberOnPage(page);
  expect(number).not.toBe('');
  return { orderId: orderIdFromUrl(page.url()), number };
}

/**
 * Calls the API from the page as its signed-in user (cookie session and CSRF token, as the web app
 * does), bypassing the UI: what a user who forces a hidden control gets. Answers the status.
 */
export async function forcedPost(page: Page, path: string, body: unknown): Promise<number> {
  return page.evaluate(
    async ({ path: p, body: b }) => {
      const csrf = /(?:^|;\s*)bazaar_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';
      const res = await fetch(p, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-CSRF-Token': decodeURIComponent(csrf),
          'Idempotency-Key': crypto.randomUUID(),
        },
        body: JSON.stringify(b),
      });
      return res.status;
    },
    { path, body },
  );
}
