/**
 * Shopper actions shared by the journeys, written against roles and the English UI strings.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Journey, launchBrowser, msg, msgPattern, openStore } from './browser';

/** Starts one browser for the test file and closes it after the file's tests; answers a getter for it. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('The browser has not started.');
    return browser;
  };
}

/** Runs a journey on a fresh page of a store (its errors logged, its steps screenshotted), then closes it. */
export async function inStore(
  browser: Browser,
  origin: string,
  name: string,
  fn: (tab: { page: Page; context: BrowserContext; journey: Journey }) => Promise<void>,
): Promise<void> {
  const journey = new Journey(name);
  const { context, page } = await openStore(browser, origin);
  journey.watch(page);
  try {
    await fn({ page, context, journey });
  } finally {
    await context.close();
  }
}

/** The header's cart link, whose name carries the item count ("Cart, 2 items"). */
export function cartButton(page: Page) {
  return page.getByRole('banner').getByRole('link', { name: msgPattern('cart', 'button.label') });
}

/** Opens a product page, picks one value per option (`{ Colour: 'Sage' }`), adds it to the cart. */
export async function addProduct(page: Page, slug: string, choices: Record<string, string> = {}): Promise<void> {
  await page.goto(`/p/${slug}`);
  await expect.poll(() => page.getByRole('heading', { level: 1 }).count()).toBe(1);
  await chooseAndAdd(page, choices);
}

/** On an open product page: picks the option values and presses "Add to cart" until it says "Added". */
export async function chooseAndAdd(page: Page, choices: Record<string, string> = {}): Promise<void> {
  for (const [option, value] of Object.entries(choices)) {
    const group = page.getByRole('group', { name: option, exact: true });
    const radio = group.getByRole('radio', { name: value, exact: true });
    await radio.check();
    await expect.poll(() => radio.isChecked()).toBe(true);
  }
  await page.getByRole('button', { name: msg('catalog', 'product.addToCart'), exact: true }).click();
  await page
    .getByRole('status')
    .filter({ hasText: msg('catalog', 'product.added') })
    .waitFor({ timeout: 20_000 });
}

/** Signs in on the sign-in page and waits until it has left it. */
export async function signIn(page: Page, email: string, password: string, next?: string): Promise<void> {
  await page.goto(next ? `/account/login?next=${encodeURIComponent(next)}` : '/account/login');
  await page.getByLabel(msg('account', 'fields.email'), { exact: true }).fill(email);
  await page.getByLabel(msg('account', 'fields.password'), { exact: true }).fill(password);
  await page
    .getByRole('main')
    .getByRole('button', { name: msg('account', 'login.submit'), exact: true })
    .click();
  await page.waitForURL((url) => !url.pathname.startsWith('/account/login'), { timeout: 30_000 });
}

/**
 * Fills the checkout's shipping address (a US address). A guest passes `{ guestEmail }` (typed into the
 * Email field); a signed-in shopper passes `{ signedInAs }` (the page must say "Signed in as …").
 */
export async function fillCheckoutAddress(
  page: Page,
  who: { guestEmail: string } | { signedInAs: string },
): Promise<void> {
  if ('guestEmail' in who) {
    await page.getByLabel(msg('checkout', 'contact.email'), { exact: true }).fill(who.guestEmail);
  } else {
    const text = msg('checkout', 'contact.signedInAs').replace('{email}', who.signedInAs);
    await page.getByText(text, { exact: true }).waitFor({ timeout: 20_000 });
  }
  const saved = page.getByLabel(msg('checkout', 'address.saved'), { exact: true });
  if ((await saved.count()) > 0) await saved.selectOption({ label: msg('checkout', 'address.savedNone') });
  await page.getByLabel(msg('checkout', 'address.name'), { exact: true }).fill('Ada Lovelace');
  await page.getByLabel(msg('checkout', 'address.line1'), { exact: true }).fill('1 Infinite Loop');
  await page.getByLabel(msg('checkout', 'address.city'), { exact: true }).fill('Cupertino');
  await page.getByLabel(msg('checkout', 'address.postalCode'), { exact: true }).fill('95014');
  await page.getByLabel(msg('checkout', 'address.region'), { exact: true }).fill('CA');
  await page.getByLabel(msg('checkout', 'address.country'), { exact: true }).selectOption('US');
  // Shipping options and tax follow the address: wait until they are shown.
  await page
    .getByRole('radio', { name: msgPattern('checkout', 'shipping.option', { partial: true }) })
    .first()
    .waitFor({ timeout: 30_000 });
}

/** Chooses a payment method by its label ("Credit or debit card", "Cash on delivery"). */
export async function choosePayment(page: Page, method: 'card' | 'cod', testCard?: string): Promise<void> {
  await page.getByRole('radio', { name: msg('checkout', `payment.methods.${method}`), exact: true }).check();
  if (method === 'card' && testCard) {
    await page
      .getByLabel(msg('checkout', 'payment.testCard'), { exact: true })
      .selectOption({ label: msg('checkout', `payment.cards.${testCard}`) });
  }
}

export async function placeOrder(page: Page): Promise<void> {
  await page.getByRole('button', { name: msg('checkout', 'submit'), exact: true }).click();
}

/** The order number shown on the confirmation page (`<dt>Order number</dt><dd>…</dd>`). */
export async function orderNumberOnPage(page: Page): Promise<string> {
  const dd = page.locator('dt', { hasText: msg('checkout', 'order.number') }).locator('xpath=following-sibling::dd[1]');
  await dd.first().waitFor({ timeout: 30_000 });
  return (await dd.first().innerText()).trim();
}

/** The order id from a `/orders/<id>` URL. */
export function orderIdFromUrl(url: string): string {
  const match = /\/orders\/([0-9a-f-]{36})/i.exec(url);
  if (!match?.[1]) throw new Error(`not an order page: ${url}`);
  return match[1];
}
