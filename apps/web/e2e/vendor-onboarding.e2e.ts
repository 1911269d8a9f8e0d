/**
 * Console journey (a): a new customer applies to sell in the vendor portal, the owner approves the
 * application in the admin dashboard, the new vendor creates a product with two variants and an image
 * and submits it, staff approve it, and shoppers find it in the storefront's search.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { storeOrigin } from './harness';
import { Journey, launchBrowser, msg, msgWith, openStore } from './browser';
import { DEMO_PASSWORD, NEW_PASSWORD, OWNER, register, uniqueEmail } from './api';
import { heading, signedIn } from './console-steps';
import type { Tab } from './console-steps';

const stack = inject('stack');
const origin = storeOrigin(stack, 'demo');
const STAFF = { email: 'staff@demo.test', password: DEMO_PASSWORD };
const run = Date.now().toString(36);
const shopName = `Kiln House ${run}`;
const productTitle = `Ash Glaze Bowl ${run}`;
const applicant = { email: uniqueEmail('vendor-apply'), password: NEW_PASSWORD };

let browser: Browser;
let vendor: Tab;
const journey = new Journey('console-a-vendor-onboarding');

beforeAll(async () => {
  browser = await launchBrowser();
  await register(stack.apiUrl, applicant.email);
});
afterAll(async () => {
  await vendor?.context.close();
  await browser?.close();
});

describe('journey a: apply, approve, create a product, review it, find it', () => {
  it('a new customer applies to sell and sees the application pending', async () => {
    vendor = await signedIn(browser, origin, journey, applicant, '/vendor');
    const { page } = vendor;
    await journey.step(page, 'invite', async () => {
      await page.getByRole('link', { name: msg('vendor', 'home.invite.apply'), exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/vendor/apply');
    });
    await journey.step(page, 'apply', async () => {
      await page.getByLabel(msg('vendor', 'apply.name'), { exact: true }).fill(shopName);
      await page.getByLabel(msg('vendor', 'apply.slug'), { exact: true }).fill(`kiln-house-${run}`);
      await page
        .getByLabel(msg('vendor', 'apply.description'), { exact: true })
        .fill('Wood-fired bowls and cups from a small studio.');
      await page.getByLabel(msg('vendor', 'apply.contactName'), { exact: true }).fill('Mina Potter');
      await page.getByLabel(msg('vendor', 'apply.contactEmail'), { exact: true }).fill(applicant.email);
      await page.getByRole('button', { name: msg('vendor', 'apply.submit'), exact: true }).click();
      await page.getByText(msg('vendor', 'apply.sent'), { exact: true }).waitFor({ timeout: 30_000 });
    });
    await journey.step(page, 'pending', async () => {
      await page.goto('/vendor');
      await page.getByRole('heading', { name: msg('vendor', 'home.pending.title') }).waitFor({ timeout: 30_000 });
    });
  });

  it('the owner approves the application', async () => {
    const owner = await signedIn(browser, origin, journey, OWNER, '/admin/vendors');
    const { page } = owner;
    try {
      await journey.step(page, 'queue', async () => {
        await heading(page, msg('moderation', 'vendors.title'));
        await page.getByRole('link', { name: shopName, exact: true }).click();
        await page.waitForURL(/\/admin\/vendors\/[0-9a-f-]{36}/);
      });
      await journey.step(page, 'approve', async () => {
        await page.getByRole('button', { name: msg('moderation', 'vendors.actions.approve'), exact: true }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('button', { name: msg('moderation', 'vendors.actions.approve'), exact: true }).click();
        await page.getByText(msg('moderation', 'vendors.actions.approved'), { exact: true }).waitFor();
      });
    } finally {
      await owner.context.close();
    }
  });

  it('the new vendor creates a product with two variants and an image and submits it', async () => {
    const { page } = vendor;
    await journey.step(page, 'dashboard', async () => {
      await page.goto('/vendor');
      await page.getByText(msg('vendor', 'balance.balance'), { exact: true }).first().waitFor({ timeout: 30_000 });
    });
    await journey.step(page, 'new-product', async () => {
      await page.goto('/vendor/products');
      await page.getByRole('link', { name: msg('vendorProducts', 'list.new'), exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/vendor/products/new');
      await page.getByLabel(msg('vendorProducts', 'fields.title'), { exact: true }).fill(productTitle);
      await page.getByLabel(msg('vendorProducts', 'fields.category'), { exact: true }).selectOption('Kitchen');
      await page.getByRole('button', { name: msg('vendorProducts', 'options.add'), exact: true }).click();
      await page.getByLabel(msgWith('vendorProducts', 'options.name', { n: 1 }), { exact: true }).fill('Colour');
      const values = page.getByLabel(msgWith('vendorProducts', 'options.addValue', { n: 1 }), { exact: true });
      await values.fill('Sage, Sand');
      await values.press('Enter');
      for (const [colour, sku, price, stock] of [
        ['Sage', `KH-${run}-SAGE`, '32.00', '6'],
        ['Sand', `KH-${run}-SAND`, '34.50', '4'],
      ] as const) {
        const cell = (field: string) =>
          page.getByLabel(
            msgWith('vendorProducts', 'variants.cellLabel', {
              variant: colour,
              field: msg('vendorProducts', `variants.${field}`),
            }),
            { exact: true },
          );
        await cell('sku').fill(sku);
        await cell('price').fill(price);
        await cell('stock').fill(stock);
      }
      await page.getByRole('button', { name: msg('vendorProducts', 'editor.save'), exact: true }).click();
      await page.getByText(msg('vendorProducts', 'editor.created'), { exact: true }).waitFor({ timeout: 30_000 });
      await page.waitForURL(/\/vendor\/products\/[0-9a-f-]{36}/);
    });
    await journey.step(page, 'image', async () => {
      // A real PNG: a screenshot of part of the page.
      const png = await page.screenshot({ clip: { x: 0, y: 0, width: 320, height: 240 } });
      await page
        .getByLabel(msg('vendorProducts', 'images.choose'), { exact: true })
        .setInputFiles({ name: 'bowl.png', mimeType: 'image/png', buffer: png });
      await page.getByRole('img', { name: productTitle }).first().waitFor({ timeout: 30_000 });
    });
    await journey.step(page, 'submit', async () => {
      await page.getByRole('button', { name: msg('vendorProducts', 'statusPanel.submit'), exact: true }).click();
      await page
        .getByText(msg('vendorProducts', 'statusPanel.submitted'), { exact: true })
        .waitFor({ timeout: 30_000 });
      await page.getByText(msg('vendorProducts', 'status.pending_review'), { exact: true }).first().waitFor();
    });
  });

  it('staff approve the product and shoppers find it', async () => {
    const staff = await signedIn(browser, origin, journey, STAFF, '/admin/products');
    try {
      const { page } = staff;
      await journey.step(page, 'review-queue', async () => {
        await heading(page, msg('moderation', 'products.title'));
        await page.getByRole('link', { name: productTitle, exact: true }).click();
        await page.waitForURL(/\/admin\/products\/[0-9a-f-]{36}/);
      });
      await journey.step(page, 'approve-product', async () => {
        await page.getByRole('button', { name: msg('moderation', 'products.actions.approve'), exact: true }).click();
        await page
          .getByRole('dialog')
          .getByRole('button', { name: msg('moderation', 'products.actions.approve'), exact: true })
          .click();
        await page.getByText(msg('moderation', 'products.actions.approved'), { exact: true }).waitFor();
      });
    } finally {
      await staff.context.close();
    }
    const shopper = await openStore(browser, origin);
    journey.watch(shopper.page);
    try {
      await journey.step(shopper.page, 'storefront-search', async () => {
        const found = async () => {
          await shopper.page.goto(`/search?q=${encodeURIComponent(`Ash Glaze Bowl ${run}`)}`);
          return shopper.page.getByRole('link', { name: new RegExp(productTitle) }).count();
        };
        await expect.poll(found, { timeout: 60_000, interval: 2_000 }).toBeGreaterThan(0);
      });
    } finally {
      await shopper.context.close();
    }
  });
});
