/**
 * A guest's order token (`X-Order-Token`), kept for the tab's session so the confirmation page can
 * read the order after the bank's page sends the shopper back without it in the address.
 */
const key = (orderId: string) => `bazaar.order.${orderId}`;

export function rememberOrderToken(orderId: string, token: string): void {
  try {
    window.sessionStorage.setItem(key(orderId), token);
  } catch {
    // Storage unavailable: the token still travels in the confirmation page's address.
  }
}

export function recallOrderToken(orderId: string): string | null {
  try {
    return window.sessionStorage.getItem(key(orderId));
  } catch {
    return null;
  }
}

/** A random Idempotency-Key (`crypto.randomUUID` needs a secure context; fall back to random bytes). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
