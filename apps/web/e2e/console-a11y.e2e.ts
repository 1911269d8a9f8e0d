/**
 * Accessibility scan of the consoles: axe (WCAG 2.0/2.1 A and AA) on the main pages of the admin
 * dashboard (as the owner), the vendor portal (as a vendor) and the platform console's sign-in page.
 * Zero serious or critical violations; the findings are printed otherwise.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { storeOrigin } from './harness';
import { Journey, formatViolations, launchBrowser, msg, openStore, seriousViolations } from './browser';
import { OWNER, VENDOR } from './api';
import { signedIn } from './console-steps';
import type { Tab } from './console-steps';

const stack = inject('stack');
const origin = storeOrigin(stack, 'demo');
let browser: Browser;
const journey = new Journey('console-accessibility');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Opens each path, waits until its h1 is there and nothing is loading, and scans it. */
async function scanAll(tab: Tab, paths: readonly string[]): Promise<void> {
  const { page } = tab;
  for (const path of paths) {
    const findings = await journey.step(page, `scan${path.replaceAll('/', '-')}`, async () => {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 30_000 });
      await page.waitForLoadState('networkidle');
      await expect
        .poll(() => page.getByText(msg('console', 'loading'), { exact: true }).count(), { timeout: 30_000 })
        .toBe(0);
      return seriousViolations(page);
    });
    expect(findings, `axe on ${path}:\n${formatViolations(path, findings)}`).toEqual([]);
  }
}

describe('console accessibility (axe): no serious or critical violations', () => {
  it('admin dashboard pages, as the owner', async () => {
    const tab = await signedIn(browser, origin, journey, OWNER, '/admin');
    try {
      await scanAll(tab, [
        '/admin',
        '/admin/orders',
        '/admin/vendors',
        '/admin/products',
        '/admin/categories',
        '/admin/coupons',
        '/admin/payouts',
        '/admin/settings',
        '/admin/settings/shipping',
        '/admin/users',
        '/admin/api-keys',
        '/admin/audit-log',
        '/admin/notifications',
      ]);
    } finally {
      await tab.context.close();
    }
  });

  it('vendor portal pages, as a vendor', async () => {
    const tab = await signedIn(browser, origin, journey, VENDOR, '/vendor');
    try {
      await scanAll(tab, [
        '/vendor',
        '/vendor/products',
        '/vendor/products/new',
        '/vendor/orders',
        '/vendor/imports',
        '/vendor/ledger',
        '/vendor/profile',
      ]);
    } finally {
      await tab.context.close();
    }
  });

  it('platform console sign-in', async () => {
    const tab = await openStore(browser, origin);
    journey.watch(tab.page);
    try {
      await scanAll(tab, ['/platform/login']);
    } finally {
      await tab.context.close();
    }
  });
});
