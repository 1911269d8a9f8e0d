/**
 * Browser side of the end-to-end tests: Chromium through playwright-core, a screenshot per journey step
 * (`e2e/artifacts/<journey>/<nn>-<step>.png`), an axe scan, and the English UI strings from
 * `messages/en/*.json` so tests find controls by the same names shoppers see.
 */
import { appendFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { webDir } from './harness';
import common from '../messages/en/common.json';
import catalog from '../messages/en/catalog.json';
import cart from '../messages/en/cart.json';
import checkout from '../messages/en/checkout.json';
import account from '../messages/en/account.json';
import console from '../messages/en/console.json';
import vendor from '../messages/en/vendor.json';
import vendorProducts from '../messages/en/vendorProducts.json';
import admin from '../messages/en/admin.json';
import moderation from '../messages/en/moderation.json';
import settings from '../messages/en/settings.json';
import platform from '../messages/en/platform.json';

export const ARTIFACTS = join(webDir, 'e2e/artifacts');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`; undefined when neither exists. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH?.trim(), '/usr/bin/chromium'].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(p));
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath)
    throw new Error('Chromium not found: install it (apt-get install chromium) or set CHROMIUM_PATH');
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 60_000 });
}

// ---- UI strings -------------------------------------------------------------------------------------------

const MESSAGES = {
  common,
  catalog,
  cart,
  checkout,
  account,
  console,
  vendor,
  vendorProducts,
  admin,
  moderation,
  settings,
  platform,
} as const;
export type Namespace = keyof typeof MESSAGES;

/** The English message `ns.key` (`msg('cart', 'coupon.apply')`); throws when it does not exist. */
export function msg(ns: Namespace, key: string): string {
  let node: unknown = MESSAGES[ns];
  for (const part of key.split('.')) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (typeof node !== 'string') throw new Error(`no English message ${ns}.${key}`);
  return node;
}

/** The English message with simple `{name}` arguments filled in: `msgWith('admin', 'order.title', { number })`. */
export function msgWith(ns: Namespace, key: string, values: Record<string, string | number>): string {
  return msg(ns, key).replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Whether `ns.key` exists (pages are still being written; a test can pick among candidates). */
export function hasMsg(ns: Namespace, key: string): boolean {
  try {
    msg(ns, key);
    return true;
  } catch {
    return false;
  }
}

/** The first existing key among `keys`, as its English text. */
export function firstMsg(ns: Namespace, ...keys: string[]): string {
  for (const k of keys) if (hasMsg(ns, k)) return msg(ns, k);
  throw new Error(`none of ${keys.map((k) => `${ns}.${k}`).join(', ')} exists`);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A message as a pattern: ICU arguments (`{count}`, `{count, plural, …}`) match anything, so
 * `msgPattern('cart', 'title')` finds "Cart (2 items)". Anchored unless `partial`.
 */
export function msgPattern(ns: Namespace, key: string, { partial = false } = {}): RegExp {
  const text = msg(ns, key);
  const parts: string[] = [];
  let depth = 0;
  let literal = '';
  for (const ch of text) {
    if (ch === '{') {
      if (depth === 0) {
        parts.push(escape(literal));
        literal = '';
      }
      depth += 1;
    } else if (ch === '}') {
      depth -= 1;
      if (depth === 0) parts.push('.*?');
    } else if (depth === 0) literal += ch;
  }
  parts.push(escape(literal));
  const body = parts.join('').trim();
  return new RegExp(partial ? body : `^\\s*${body}\\s*$`, 'i');
}

// ---- journeys ---------------------------------------------------------------------------------------------

/** Screenshots each step of a journey into `e2e/artifacts/<name>/`, and keeps the page's errors in a log. */
export class Journey {
  readonly dir: string;
  private n = 0;

  constructor(readonly name: string) {
    this.dir = join(ARTIFACTS, name);
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  /** Logs console errors, page errors and failed API responses of `page` to `<dir>/browser.log`. */
  watch(page: Page): void {
    const file = join(this.dir, 'browser.log');
    const write = (line: string) => appendFileSync(file, `${new Date().toISOString()} ${line}\n`);
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') write(`console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => write(`pageerror: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) write(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
    });
  }

  /** Runs one step, then screenshots the page as `<nn>-<step>.png` (also when the step fails). */
  async step<T>(page: Page, step: string, fn: () => Promise<T>): Promise<T> {
    this.n += 1;
    const file = `${String(this.n).padStart(2, '0')}-${step.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
    try {
      const result = await fn();
      await page.screenshot({ path: join(this.dir, `${file}.png`), fullPage: true, timeout: 15_000 });
      return result;
    } catch (err) {
      await page
        .screenshot({ path: join(this.dir, `${file}-FAILED.png`), fullPage: true, timeout: 15_000 })
        .catch(() => undefined);
      throw err;
    }
  }
}

/** A new context (own cookies) and page for a store origin, 1280×900 unless told. */
export async function openStore(
  browser: Browser,
  origin: string,
  { width = 1280, height = 900 } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: origin, viewport: { width, height }, locale: 'en-US' });
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(45_000);
  const page = await context.newPage();
  return { context, page };
}

// ---- accessibility ----------------------------------------------------------------------------------------

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** Serious and critical axe violations on the page (WCAG 2.0/2.1 A and AA rules), formatted for output. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`.trim()),
    }));
}

export function formatViolations(where: string, findings: AxeFinding[]): string {
  return findings
    .map((f) => `${where}: [${f.impact}] ${f.id}: ${f.help}\n${f.nodes.map((n) => `    ${n}`).join('\n')}`)
    .join('\n');
}
