/**
 * The test provider's action page: what a bank's 3-D Secure or UPI / net banking page would be, as
 * a tiny HTML form with Approve and Decline. No script at all; its one style block is allowed by
 * hash in the page's own Content-Security-Policy, and the form may post only back here (and follow
 * the redirect to the shopper's return URL).
 */
import { createHash } from 'node:crypto';
import type { ActionKind } from './payments.signing.js';

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#111}' +
  'main{border:1px solid #ccc;border-radius:.5rem;padding:1.5rem}' +
  'button{font-size:1rem;padding:.6rem 1.2rem;margin-right:.75rem;border-radius:.375rem;border:1px solid #333;cursor:pointer}' +
  'button[value=approve]{background:#0b6e2e;color:#fff}.note{color:#555;font-size:.9rem}';

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`;

const TITLES: Record<ActionKind, string> = {
  three_d_secure: '3-D Secure check',
  upi: 'UPI payment',
  netbanking: 'Net banking payment',
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** `12.34 INR` style, with the currency's own number of decimals. */
export function formatMoney(amount: number, currency: string, locale = 'en'): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
      amount /
        10 **
          (new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2),
    );
  } catch {
    return `${amount} ${currency}`;
  }
}

/** The page's Content-Security-Policy: nothing but its style, and forms only to here and the return URL. */
export function actionPageCsp(returnUrl: string): string {
  let target = '';
  try {
    const u = new URL(returnUrl);
    if (u.protocol === 'http:' || u.protocol === 'https:') target = ` ${u.origin}`;
  } catch {
    // A path on this site: 'self' covers it.
  }
  return `default-src 'none'; style-src ${STYLE_HASH}; form-action 'self'${target}; frame-ancestors 'none'; base-uri 'none'`;
}

export interface ActionPageInput {
  kind: ActionKind;
  storeName: string;
  amount: number;
  currency: string;
  locale: string;
  /** When the payment no longer waits for an answer: its status, and no form. */
  settled: string | null;
  upiUri?: string | undefined;
}

export function renderActionPage(p: ActionPageInput): string {
  const title = TITLES[p.kind];
  const body = p.settled
    ? `<p>This payment is already ${escapeHtml(p.settled)}; there is nothing left to answer.</p>`
    : `<form method="post">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="decline">Decline</button>
</form>${p.upiUri ? `\n<p class="note">UPI intent: <code>${escapeHtml(p.upiUri)}</code></p>` : ''}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} — test payment</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p><strong>${escapeHtml(p.storeName)}</strong> asks for <strong>${escapeHtml(formatMoney(p.amount, p.currency, p.locale))}</strong>.</p>
<p class="note">This page stands in for your bank in Bazaar's test payment provider. No money moves.</p>
${body}
</main>
</body>
</html>
`;
}

/**
 * The return URL as a `Location` value: an http(s) URL or a path on this site, percent-encoded; any
 * other scheme (which a checkout should never give) sends the shopper to the site's root.
 */
export function redirectTarget(returnUrl: string): string {
  try {
    if (returnUrl.startsWith('/') && !returnUrl.startsWith('//')) {
      const u = new URL(returnUrl, 'http://this.site');
      return `${u.pathname}${u.search}${u.hash}`;
    }
    const u = new URL(returnUrl);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : '/';
  } catch {
    return '/';
  }
}
