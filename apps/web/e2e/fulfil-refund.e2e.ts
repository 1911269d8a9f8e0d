/**
 * Console journeys (c)–(f) on one order: a guest buys from Demo Crafts in the storefront; (c) the order
 * appears to the vendor, who ships it with a tracking number, and the shopper's order page shows
 * "Shipped"; (d) the owner refunds part of it and the vendor's ledger shows the refund; (e) staff, who
 * may not refund, see no refund control and get 403 from the API when they force it; (f) the audit log
 * shows the refund with its before and after.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { storeOrigin } from './harness';
import { Journey, launchBrowser, msg, msgWith, openStore } from './browser';
import { DEMO_PASSWORD, OWNER, VENDOR, uniqueEmail } from './api';
import { forcedPost, guestPurchase, heading, signedIn } from './console-steps';
import type { Tab } from './console-steps';

const stack = inject('stack');
const origin = storeOrigin(stack, 'demo');
const STAFF = { email: 'staff@demo.test', password: DEMO_PASSWORD };
const tracking = `1Z${Date.now().toString(36).toUpperCase()}`;
const reason = `Chipped rim ${Date.now().toString(36)}`;

let browser: Browser;
let shopper: Tab;
let order = { orderId: '', number: '' };
const journey = new Journey('console-c-f-fulfil-refund');

beforeAll(async () => {
  browser = await launchBrowser();
  shopper = await openStore(browser, origin);
  journey.watch(shopper.page);
});
afterAll(async () => {
  await shopper?.context.close();
  await browser?.close();
});

/** Runs `fn` in a new context signed in as `who` on `path`, and closes it. */
async function as(who: { email: string; password: string }, path: string, fn: (tab: Tab) => Promise<void>) {
  const tab = await signedIn(browser, origin, journey, who, path);
  try {
    await fn(tab);
  } finally {
    await tab.context.close();
  }
}

describe('journeys c–f: fulfil, refund, permissions, audit', () => {
  it('c: a storefront order appears to its vendor, who ships it; the shopper sees it shipped', async () => {
    await journey.step(shopper.page, 'guest-purchase', async () => {
      order = await guestPurchase(shopper.page, 'hand-thrown-stoneware-mug', { Colour: 'Sage' }, uniqueEmail('ship'));
    });
    await as(VENDOR, '/vendor/orders', async ({ page }) => {
      await journey.step(page, 'vendor-orders', async () => {
        await heading(page, msg('vendor', 'orders.title'));
        await page.getByRole('link', { name: new RegExp(`^${order.number}-`) }).click();
        await page.waitForURL(/\/vendor\/orders\/[0-9a-f-]{36}/);
      });
      await journey.step(page, 'ship', async () => {
        await page.getByLabel(msg('vendor', 'ship.carrier'), { exact: true }).fill('UPS');
        await page.getByLabel(msg('vendor', 'ship.trackingNumber'), { exact: true }).fill(tracking);
        await page.getByRole('button', { name: msg('vendor', 'ship.submit'), exact: true }).click();
        await page.getByText(tracking).first().waitFor({ timeout: 30_000 });
        await page.getByText(msg('vendor', 'fulfillment.shipped'), { exact: true }).first().waitFor();
      });
    });
    await journey.step(shopper.page, 'shopper-sees-shipped', async () => {
      const line = `${msg('checkout', 'order.status')}: ${msg('checkout', 'order.statuses.shipped')}`;
      await shopper.page.getByText(line, { exact: true }).waitFor({ timeout: 30_000 });
    });
  });

  it('d: the owner refunds part of the order and the vendor’s ledger shows it', async () => {
    expect(order.orderId).not.toBe('');
    await as(OWNER, '/admin/orders', async ({ page }) => {
      await journey.step(page, 'orders', async () => {
        await heading(page, msg('admin', 'orders.title'));
        await page.getByRole('link', { name: order.number, exact: true }).click();
        await heading(page, msgWith('admin', 'order.title', { number: order.number }));
      });
      await journey.step(page, 'refund', async () => {
        await page.getByRole('button', { name: msg('admin', 'refund.open'), exact: true }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('radio', { name: msg('admin', 'refund.kind_partial'), exact: true }).check();
        await dialog.getByLabel(msgWith('admin', 'refund.amount', { currency: 'USD' }), { exact: true }).fill('5.00');
        await dialog.getByLabel(msg('admin', 'refund.reason'), { exact: true }).fill(reason);
        await dialog.getByRole('button', { name: msg('admin', 'refund.review'), exact: true }).click();
        await dialog.getByRole('button', { name: msg('admin', 'refund.confirm'), exact: true }).click();
        await page.getByText(msgWith('admin', 'order.refunded', { amount: '$5.00' }), { exact: true }).waitFor({
          timeout: 30_000,
        });
        await page.getByRole('cell', { name: reason }).waitFor();
      });
    });
    await as(VENDOR, '/vendor/ledger', async ({ page }) => {
      await journey.step(page, 'ledger', async () => {
        await heading(page, msg('vendor', 'ledger.title'));
        const refundRow = page
          .getByRole('row')
          .filter({ hasText: msg('vendor', 'ledgerKind.refund') })
          .filter({ hasText: '5.00' });
        await refundRow.first().waitFor({ timeout: 30_000 });
        expect(await refundRow.first().innerText()).toContain(order.number);
      });
    });
  });

  it('e: staff without orders:refund see no refund control and the API refuses them', async () => {
    await as(STAFF, `/admin/orders/${order.orderId}`, async ({ page }) => {
      await journey.step(page, 'no-refund-control', async () => {
        await heading(page, msgWith('admin', 'order.title', { number: order.number }));
        await page.getByRole('heading', { name: msg('admin', 'order.timeline') }).waitFor();
        expect(await page.getByRole('button', { name: msg('admin', 'refund.open'), exact: true }).count()).toBe(0);
      });
      await journey.step(page, 'forced-refund-403', async () => {
        const status = await forcedPost(page, `/api/v1/admin/orders/${order.orderId}/refunds`, {
          amount: { amount: 100, currency: 'USD' },
          reason: 'forced',
        });
        expect(status).toBe(403);
      });
    });
  });

  it('f: the audit log shows the refund with its before and after', async () => {
    await as(OWNER, '/admin/audit-log', async ({ page }) => {
      await journey.step(page, 'audit-filter', async () => {
        await heading(page, msg('settings', 'audit.title'));
        await page.getByLabel(msg('settings', 'audit.action'), { exact: true }).fill('order.refunded');
        await page.getByLabel(msg('settings', 'audit.entityId'), { exact: true }).fill(order.orderId);
        await page.getByRole('button', { name: msg('settings', 'common.applyFilters'), exact: true }).click();
        await page.waitForURL(/action=order\.refunded/);
      });
      await journey.step(page, 'audit-entry', async () => {
        const details = page.getByRole('button', {
          name: new RegExp(`^${msg('settings', 'audit.view')} order\\.refunded`),
        });
        await expect.poll(() => details.count(), { timeout: 30_000 }).toBe(1);
        await details.click();
        const diff = page.getByRole('table', { name: msg('settings', 'audit.diffCaption') });
        await diff.waitFor();
        const changed = diff.getByRole('row').filter({ hasText: msg('settings', 'audit.kind.changed') });
        expect(await changed.count()).toBeGreaterThan(0);
        const text = await diff.innerText();
        expect(text).toMatch(/partially_refunded/);
      });
    });
  });
});
