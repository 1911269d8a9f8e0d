/**
 * Platform console and console locale: the platform admin signs in at /platform/login, creates a store
 * with its owner, and finds it in the list; the owner of the German store (acme) gets the admin
 * dashboard in German.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { storeOrigin } from './harness';
import { Journey, launchBrowser, msg, openStore } from './browser';
import { DEMO_PASSWORD, uniqueEmail } from './api';
import { heading } from './console-steps';
import deAdmin from '../messages/de/admin.json';
import deConsole from '../messages/de/console.json';
import deAccount from '../messages/de/account.json';

const stack = inject('stack');
const run = Date.now().toString(36);
let browser: Browser;
const journey = new Journey('console-platform-locale');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('platform console and console locale', () => {
  it('the platform admin creates a store with its owner and sees it listed', async () => {
    // The console is served on the platform's host (`WEB_PLATFORM_HOST`, default localhost) only.
    const { page, context } = await openStore(browser, `http://localhost:${stack.webPort}`);
    journey.watch(page);
    try {
      await journey.step(page, 'not-on-a-store-host', async () => {
        const response = await page.goto(`${storeOrigin(stack, 'demo')}/platform/login`);
        expect(response?.status()).toBe(404);
      });
      await journey.step(page, 'platform-sign-in', async () => {
        await page.goto('/platform');
        await page.waitForURL((url) => url.pathname === '/platform/login');
        await page.getByLabel(msg('platform', 'login.email'), { exact: true }).fill('admin@bazaar.test');
        await page.getByLabel(msg('platform', 'login.password'), { exact: true }).fill(DEMO_PASSWORD);
        await page.getByRole('button', { name: msg('platform', 'login.submit'), exact: true }).click();
        await heading(page, msg('platform', 'stores.title'));
      });
      await journey.step(page, 'create-store', async () => {
        await page.getByRole('link', { name: msg('platform', 'stores.new'), exact: true }).click();
        await heading(page, msg('platform', 'create.title'));
        await page.getByLabel(msg('platform', 'form.name'), { exact: true }).fill(`Gamma ${run}`);
        await page.getByLabel(msg('platform', 'form.ownerEmail'), { exact: true }).fill(uniqueEmail('gamma-owner'));
        await page.getByLabel(msg('platform', 'form.ownerName'), { exact: true }).fill('Grace Owner');
        await page.getByRole('button', { name: msg('platform', 'create.submit'), exact: true }).click();
        await page.getByRole('heading', { name: msg('platform', 'created.title') }).waitFor({ timeout: 30_000 });
      });
      await journey.step(page, 'listed', async () => {
        await page.getByRole('link', { name: msg('platform', 'created.all'), exact: true }).click();
        await heading(page, msg('platform', 'stores.title'));
        await page.getByRole('link', { name: `Gamma ${run}`, exact: true }).waitFor();
      });
    } finally {
      await context.close();
    }
  });

  it('the German store’s owner gets the admin dashboard in German', async () => {
    const tab = await openStore(browser, storeOrigin(stack, 'acme'));
    journey.watch(tab.page);
    try {
      await journey.step(tab.page, 'sign-in-de', async () => {
        await tab.page.goto('/account/login?next=%2Fadmin');
        await tab.page.getByLabel(deAccount.fields.email, { exact: true }).fill('owner@acme.test');
        await tab.page.getByLabel(deAccount.fields.password, { exact: true }).fill(DEMO_PASSWORD);
        await tab.page.getByRole('main').getByRole('button', { name: deAccount.login.submit, exact: true }).click();
        await tab.page.waitForURL((url) => url.pathname === '/admin', { timeout: 30_000 });
      });
      await journey.step(tab.page, 'admin-de', async () => {
        await heading(tab.page, deAdmin.overview.title);
        const nav = tab.page.getByRole('navigation', { name: new RegExp(deConsole.area.admin) });
        await nav.getByRole('link', { name: deConsole.nav.admin.orders, exact: true }).waitFor();
        expect(await tab.page.locator('html').getAttribute('lang')).toBe('de');
      });
    } finally {
      await tab.context.close();
    }
  });
});
