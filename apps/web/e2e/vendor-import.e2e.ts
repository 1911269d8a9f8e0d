/**
 * Console journey (b): a vendor checks a CSV file with one bad row in a dry run, sees the result of
 * every row (the bad one with its reason), then imports it and sees the same per-row result.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { storeOrigin } from './harness';
import { Journey, launchBrowser, msg } from './browser';
import { VENDOR } from './api';
import { heading, signedIn } from './console-steps';
import type { Tab } from './console-steps';

const stack = inject('stack');
const run = Date.now().toString(36).toUpperCase();
const HEADER =
  'product_slug,title,description,category,option1_name,option1_value,option2_name,option2_value,option3_name,option3_value,sku,price,compare_at_price,stock,weight_grams,active';
const CSV = [
  HEADER,
  `linen-apron-${run.toLowerCase()},Linen Apron ${run},Stonewashed linen,,Colour,Flax,,,,,APR-${run}-FLAX,2800,,12,300,true`,
  `linen-apron-${run.toLowerCase()},,,,Colour,Rust,,,,,APR-${run}-RUST,2800,,8,300,true`,
  // Bad: a price in major units (the file takes minor units).
  `linen-apron-${run.toLowerCase()},,,,Colour,Moss,,,,,APR-${run}-MOSS,28.50,,5,300,true`,
].join('\n');

let browser: Browser;
let tab: Tab;
const journey = new Journey('console-b-vendor-import');

beforeAll(async () => {
  browser = await launchBrowser();
  tab = await signedIn(browser, storeOrigin(stack, 'demo'), journey, VENDOR, '/vendor/imports');
});
afterAll(async () => {
  await tab?.context.close();
  await browser?.close();
});

/** The row of the results table for a SKU. */
const rowOf = (sku: string) => tab.page.getByRole('row').filter({ hasText: sku });

describe('journey b: CSV import with a dry run and per-row results', () => {
  it('checks the file: two rows can be imported, one has an error', async () => {
    const { page } = tab;
    await journey.step(page, 'choose-file', async () => {
      await heading(page, msg('vendor', 'imports.title'));
      await page
        .getByLabel(msg('vendor', 'imports.file'), { exact: true })
        .setInputFiles({ name: 'aprons.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    });
    await journey.step(page, 'dry-run', async () => {
      await page.getByRole('button', { name: msg('vendor', 'imports.check'), exact: true }).click();
      await page.getByRole('heading', { name: msg('vendor', 'imports.checkedTitle') }).waitFor({ timeout: 60_000 });
      await page.getByText('Checked 3 rows: 2 can be imported, 1 has an error.', { exact: true }).waitFor();
      await expect.poll(() => rowOf(`APR-${run}-MOSS`).innerText()).toMatch(/price/i);
      expect(await rowOf(`APR-${run}-MOSS`).innerText()).toContain(msg('vendor', 'imports.rowError'));
      expect(await rowOf(`APR-${run}-FLAX`).innerText()).not.toContain(msg('vendor', 'imports.rowError'));
    });
  });

  it('imports it and shows the same per-row result', async () => {
    const { page } = tab;
    await journey.step(page, 'import', async () => {
      await page.getByRole('button', { name: msg('vendor', 'imports.import'), exact: true }).click();
      await page.getByRole('heading', { name: msg('vendor', 'imports.importedTitle') }).waitFor({ timeout: 60_000 });
      await page.getByText('Imported 2 of 3 rows; 1 row had an error.', { exact: true }).waitFor();
      await expect.poll(() => rowOf(`APR-${run}-MOSS`).innerText()).toMatch(/price/i);
    });
    await journey.step(page, 'products', async () => {
      await page.goto(`/vendor/products?q=${encodeURIComponent(`Linen Apron ${run}`)}`);
      await page
        .getByRole('link', { name: `Linen Apron ${run}` })
        .first()
        .waitFor({ timeout: 30_000 });
    });
  });
});
