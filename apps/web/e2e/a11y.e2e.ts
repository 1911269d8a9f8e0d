/**
 * Accessibility scan: axe (WCAG 2.0/2.1 A and AA) on the home page, a search listing, a category, a
 * product page, the cart with items, the sign-in and registration pages and the checkout. Zero serious or critical violations; the findings are printed otherwise.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { storeOrigin } from './harness';
import { Journey, formatViolations, launchBrowser, msg, openStore, seriousViolations } from './browser';
import { addProduct } from './steps';

const stack = inject('stack');
let browser: Browser;
let context: BrowserContext;
let page: Page;
const journey = new Journey('accessibility');

beforeAll(async () => {
  browser = await launchBrowser();
  ({ context, page } = await openStore(browser, storeOrigin(stack, 'demo')));
  journey.watch(page);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

async function scan(name: string, path: string | null, ready: () => Promise<unknown>): Promise<void> {
  const findings = await journey.step(page, name, async () => {
    if (path) await page.goto(path);
    await ready();
    return seriousViolations(page);
  });
  expect(findings, `axe on ${name}:\n${formatViolations(name, findings)}`).toEqual([]);
}

describe('accessibility (axe): no serious or critical violations', () => {
  it('home', async () => {
    await scan('home', '/', () => page.getByRole('heading', { level: 1 }).waitFor());
  });

  it('listing', async () => {
    await scan('listing', '/search?q=mug', () =>
      page
        .getByRole('link', { name: /Stoneware Mug/ })
        .first()
        .waitFor(),
    );
  });

  it('category', async () => {
    await scan('category', '/c/home', () => page.getByRole('heading', { level: 1 }).waitFor());
  });

  it('product', async () => {
    await scan('product', '/p/hand-thrown-stoneware-mug', () =>
      page.getByRole('button', { name: msg('catalog', 'product.addToCart'), exact: true }).waitFor(),
    );
  });

  it('cart with items', async () => {
    await addProduct(page, 'brass-desk-pen');
    await scan('cart', '/cart', () =>
      page
        .getByRole('main')
        .getByRole('link', { name: msg('cart', 'page.checkout'), exact: true })
        .waitFor(),
    );
  });

  it('sign-in page', async () => {
    await scan('sign-in', '/account/login', () =>
      page
        .getByRole('main')
        .getByRole('button', { name: msg('account', 'login.submit'), exact: true })
        .waitFor(),
    );
  });

  it('registration page', async () => {
    await scan('register', '/account/register', () =>
      page.getByRole('button', { name: msg('account', 'register.submit'), exact: true }).waitFor(),
    );
  });

  it('checkout', async () => {
    await scan('checkout', '/checkout', () =>
      page.getByRole('button', { name: msg('checkout', 'submit'), exact: true }).waitFor(),
    );
  });
});
